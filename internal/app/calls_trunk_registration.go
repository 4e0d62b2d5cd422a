package app

import (
	"context"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// RegisteredTrunks returns every customer's trunks with Register set,
// passwords included: the SIP server registers at each. The use cases
// publish switchboard.TopicTrunk after every change of a trunk, so the
// server reads them again.
func (s *Service) RegisteredTrunks(ctx context.Context) ([]*switchboard.Trunk, error) {
	var out []*switchboard.Trunk
	err := s.view(ctx, func(tx switchboard.Tx) error {
		return eachTrunk(tx, "", func(t *switchboard.Trunk) bool {
			if t.Register {
				out = append(out, t)
			}
			return true
		})
	})
	return out, err
}
