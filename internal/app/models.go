package app

import switchboard "github.com/switchboard-pbx/switchboard"

// Models lists the device catalogue; every authenticated caller may read it.
func (s *Service) Models() []switchboard.Model {
	ms := s.catalogue.Models()
	for i := range ms {
		ms[i].KeyTypes = orEmpty(ms[i].KeyTypes)
	}
	return orEmpty(ms)
}

// Model returns one model of the catalogue.
func (s *Service) Model(id string) (switchboard.Model, error) {
	m, ok := s.catalogue.Model(id)
	if !ok {
		return m, notFound("model", id)
	}
	m.KeyTypes = orEmpty(m.KeyTypes)
	return m, nil
}
