package app

import switchboard "github.com/switchboard-pbx/switchboard"

// firmwareModel applies check (Model.CheckFirmwarePin or CheckRollout) to
// the catalogue's model, so a pin or rollout that can only fail is refused
// at once instead of rolling back later. A model the catalogue no longer
// holds is refused too.
func (s *Service) firmwareModel(id string, check func(switchboard.Model) error) error {
	m, ok := s.catalogue.Model(id)
	if !ok {
		return switchboard.FieldErrorf("model", "the catalogue holds no model %q", id)
	}
	return check(m)
}
