package switchboard

import "time"

// CallControlRequest is an action on a workplace's calls that one node
// hands to the other nodes sharing the store: a call lives on the node
// whose SIP listener carries it, and a phone is rung from the node that
// holds its registration, while a CTI client may reach any node.
type CallControlRequest struct {
	ID          string
	WorkplaceID string
	// From names the asking node; To, when set, the only node meant to
	// answer (the one holding the phone's registration).
	From string
	To   string
	// Action is one of the relay's action names; Args its arguments as
	// JSON, read only by the nodes.
	Action    string
	Args      []byte
	CreatedAt time.Time
	// ExpiresAt is when the asking node stops waiting: a node that reads
	// the request later leaves it alone.
	ExpiresAt time.Time
}

// CallControlAnswer is one node's answer to a CallControlRequest.
type CallControlAnswer struct {
	RequestID string
	Node      string
	// Result is the action's result as JSON; empty for none.
	Result []byte
	// ErrorCode and ErrorMessage are the action's domain error, both empty
	// when it succeeded.
	ErrorCode    string
	ErrorMessage string
	AnsweredAt   time.Time
}

// CallRelayTx keeps the call control requests the nodes sharing a store
// hand each other, and tells which nodes are alive to answer them.
type CallRelayTx interface {
	// AddCallControlRequest inserts r; ECONFLICT when its id is in use.
	AddCallControlRequest(r *CallControlRequest) error
	// CallControlRequest returns the request; ENOTFOUND once it was
	// deleted.
	CallControlRequest(id string) (*CallControlRequest, error)
	// AnswerCallControlRequest records a node's answer; a node's second
	// answer to one request is ignored. ENOTFOUND when the request is
	// gone.
	AnswerCallControlRequest(a *CallControlAnswer) error
	// CallControlAnswers lists the answers to the request in the order
	// they were given.
	CallControlAnswers(requestID string) ([]*CallControlAnswer, error)
	// DeleteCallControlRequestsBefore removes the requests that expired
	// before t, with their answers, and says how many.
	DeleteCallControlRequestsBefore(t time.Time) (int, error)
	// LiveNodes names the nodes whose last heartbeat (NodeTx.Beat) is at
	// or after since, in name order.
	LiveNodes(since time.Time) ([]string, error)
}
