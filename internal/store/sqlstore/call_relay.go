package sqlstore

import (
	"fmt"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

var _ switchboard.CallRelayTx = (*tx)(nil)

const callControlRequestCols = `id, workplace_id, from_node, to_node, action, args, created_at, expires_at`

func scanCallControlRequest(s Row) (*switchboard.CallControlRequest, error) {
	r := &switchboard.CallControlRequest{}
	var args string
	err := s.Scan(&r.ID, &r.WorkplaceID, &r.From, &r.To, &r.Action, &args, timeCol{&r.CreatedAt}, timeCol{&r.ExpiresAt})
	r.Args = []byte(args)
	return r, err
}

// AddCallControlRequest inserts r.
func (t *tx) AddCallControlRequest(r *switchboard.CallControlRequest) error {
	_, err := t.exec(`INSERT INTO call_control_requests (`+callControlRequestCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.WorkplaceID, r.From, r.To, r.Action, string(r.Args), t.time(r.CreatedAt), t.time(r.ExpiresAt))
	if err != nil {
		return t.refused(err, "call control request", "call_control_requests", r.ID, requestIDTaken(r.ID))
	}
	return nil
}

// requestIDTaken names the primary key of call_control_requests in both
// dialects: SQLite reports it by its column.
func requestIDTaken(id string) unique {
	msg := fmt.Sprintf("call control request %q already exists", id)
	return unique{"call_control_requests_pkey": msg, "call_control_requests.id": msg}
}

// CallControlRequest returns the request with id.
func (t *tx) CallControlRequest(id string) (*switchboard.CallControlRequest, error) {
	return one(t, `SELECT `+callControlRequestCols+` FROM call_control_requests WHERE id = ?`, []any{id},
		scanCallControlRequest, "call control request", id)
}

// AnswerCallControlRequest records a's answer unless its node answered
// already.
func (t *tx) AnswerCallControlRequest(a *switchboard.CallControlAnswer) error {
	_, err := t.exec(`INSERT INTO call_control_answers (request_id, node, result, error_code, error_message, answered_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (request_id, node) DO NOTHING`,
		a.RequestID, a.Node, string(a.Result), a.ErrorCode, a.ErrorMessage, t.time(a.AnsweredAt))
	if err != nil {
		return t.refused(err, "answer to call control request", "call_control_answers", a.RequestID, nil,
			ref{kind: "call control request", id: a.RequestID, query: `SELECT 1 FROM call_control_requests WHERE id = ?`, args: []any{a.RequestID}})
	}
	return nil
}

// CallControlAnswers lists the request's answers, earliest first.
func (t *tx) CallControlAnswers(requestID string) ([]*switchboard.CallControlAnswer, error) {
	return all(t, `SELECT request_id, node, result, error_code, error_message, answered_at FROM call_control_answers
		WHERE request_id = ? ORDER BY answered_at, node`, []any{requestID}, func(s Row) (*switchboard.CallControlAnswer, error) {
		a := &switchboard.CallControlAnswer{}
		var result string
		err := s.Scan(&a.RequestID, &a.Node, &result, &a.ErrorCode, &a.ErrorMessage, timeCol{&a.AnsweredAt})
		a.Result = []byte(result)
		return a, err
	})
}

// DeleteCallControlRequestsBefore removes the requests that expired
// before before; their answers go with them.
func (t *tx) DeleteCallControlRequestsBefore(before time.Time) (int, error) {
	if _, err := t.exec(`DELETE FROM call_control_answers WHERE request_id IN
		(SELECT id FROM call_control_requests WHERE expires_at < ?)`, t.time(before)); err != nil {
		return 0, fmt.Errorf("delete answers to call control requests: %w", err)
	}
	n, err := t.exec(`DELETE FROM call_control_requests WHERE expires_at < ?`, t.time(before))
	if err != nil {
		return 0, fmt.Errorf("delete call control requests: %w", err)
	}
	return int(n), nil
}

// LiveNodes names the nodes with a heartbeat at or after since.
func (t *tx) LiveNodes(since time.Time) ([]string, error) {
	out, err := all(t, `SELECT node FROM node_heartbeats WHERE seen_at >= ? ORDER BY node`, []any{t.time(since)}, scanString)
	if err != nil {
		return nil, fmt.Errorf("list live nodes: %w", err)
	}
	return out, nil
}
