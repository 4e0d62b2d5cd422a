package storetest

import (
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// testCallRelay checks the call control requests the nodes hand each
// other: a request reads back as written, each node answers once, an
// answer to a request that is gone is ENOTFOUND, expired requests are
// deleted with their answers, and only nodes with a recent heartbeat are
// live.
func testCallRelay(t *testing.T, s switchboard.Store) {
	req := &switchboard.CallControlRequest{ID: "ccr_1", WorkplaceID: "wp_1", From: runA1.Node, To: runB.Node,
		Action: "hold", Args: []byte(`{"call":"c1"}`), CreatedAt: utc(at), ExpiresAt: utc(at.Add(5 * time.Second))}
	later := &switchboard.CallControlRequest{ID: "ccr_2", WorkplaceID: "wp_1", From: runA1.Node, Action: "calls",
		Args: []byte(`{}`), CreatedAt: utc(at), ExpiresAt: utc(at.Add(time.Hour))}
	update(t, s, func(tx switchboard.Tx) error {
		if err := tx.AddCallControlRequest(req); err != nil {
			return err
		}
		return tx.AddCallControlRequest(later)
	})
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.AddCallControlRequest(req) }), switchboard.ECONFLICT)
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.CallControlRequest(req.ID)
		if err == nil {
			same(t, "call control request", got, req)
		}
		return err
	})

	answer := func(node, result, code string, after time.Duration) *switchboard.CallControlAnswer {
		return &switchboard.CallControlAnswer{RequestID: req.ID, Node: node, Result: []byte(result), ErrorCode: code,
			ErrorMessage: code, AnsweredAt: utc(at.Add(after))}
	}
	first, second := answer(runB.Node, `{"ok":true}`, "", 2*time.Millisecond), answer(runA1.Node, "", switchboard.ENOTFOUND, time.Millisecond)
	update(t, s, func(tx switchboard.Tx) error {
		for _, a := range []*switchboard.CallControlAnswer{first, second, answer(runB.Node, "", switchboard.ECONFLICT, time.Second)} {
			if err := tx.AnswerCallControlRequest(a); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.CallControlAnswers(req.ID)
		if err == nil {
			same(t, "answers (earliest first, the repeated answer ignored)", got, []*switchboard.CallControlAnswer{second, first})
		}
		return err
	})
	missing := answer(runB.Node, "", "", 0)
	missing.RequestID = "ccr_gone"
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.AnswerCallControlRequest(missing) }), switchboard.ENOTFOUND)

	update(t, s, func(tx switchboard.Tx) error {
		n, err := tx.DeleteCallControlRequestsBefore(utc(at.Add(time.Minute)))
		if n != 1 {
			t.Errorf("deleted %d requests, want the one expired", n)
		}
		return err
	})
	view(t, s, func(tx switchboard.Tx) error {
		_, err := tx.CallControlRequest(req.ID)
		wantError(t, err, switchboard.ENOTFOUND)
		if as, _ := tx.CallControlAnswers(req.ID); len(as) != 0 {
			t.Errorf("answers of a deleted request: %d left", len(as))
		}
		_, err = tx.CallControlRequest(later.ID)
		return err
	})

	beat(t, s, runA1, at)
	beat(t, s, runB, at.Add(-time.Minute))
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.LiveNodes(utc(at.Add(-switchboard.NodeGoneAfter)))
		same(t, "live nodes", got, []string{runA1.Node})
		return err
	})
}
