package switchboard

import "context"

// Bus carries change notices between the parts of one node and between the
// nodes sharing one PostgreSQL database. A notice is a topic and an id; it
// says only that something changed, never what: a receiver that cached
// something about the object drops it and reads the store again. Notices
// are published after the transaction that made the change has committed.
//
// Delivery is at most once and may be late, but never reordered per
// subscriber. A subscriber that fell behind, or a node that lost touch with
// the others for a while, receives All on the topic instead of what it
// missed, so receivers must be idempotent and treat All as "everything".
// Every implementation hands a node's own notices to its own subscribers
// inside Publish, so a change a use case made is visible to that node's
// caches before the use case returns.
type Bus interface {
	// Publish tells every subscriber of topic, on this node and the
	// others, that the object id changed. It returns once this node's
	// subscribers have been handed the notice; an error says only that
	// other nodes may not have been told (they recover on their own by
	// receiving All).
	Publish(ctx context.Context, topic, id string) error
	// Subscribe returns a channel receiving the ids published on topic
	// from now on, and a function that ends the subscription and closes
	// the channel.
	Subscribe(topic string) (<-chan string, func())
}

// All is the id that stands for every object of a topic: the receiver must
// drop everything it holds for the topic.
const All = "*"

// Topics of the change notices the use cases publish. TopicOutbox tells
// that messages were written to the outbox, so a dispatcher sends them
// without waiting for its next poll.
const (
	TopicDevice    = "device"
	TopicWorkplace = "workplace"
	TopicSite      = "site"
	TopicCustomer  = "customer"
	TopicOutbox    = "outbox"
	// TopicCall carries a customer id when call events of the customer
	// were added (CallTx.AddCallEvent): CTI channels read what is new.
	TopicCall = "call"
)
