package switchboard

// CheckFirmwarePin refuses a firmware pin for a model whose profile names
// no firmware: its devices would never be told, and a rollout of it could
// only roll back.
func (m Model) CheckFirmwarePin() error {
	if !m.FirmwareKey {
		return Errorf(EINVALID, "%s phones have no documented firmware key; Switchboard cannot tell them to upgrade", m.Name)
	}
	return nil
}

// CheckRollout refuses a staged rollout where it cannot succeed: a model
// without a firmware key (CheckFirmwarePin), and a DECT base station,
// whose SIP registrations are those of its handsets' accounts, so a ring
// never sees the base itself register with the new version. A base takes
// a pinned firmware at its next fetch instead.
func (m Model) CheckRollout() error {
	if err := m.CheckFirmwarePin(); err != nil {
		return err
	}
	if m.Kind == KindDECTBase {
		return Errorf(EINVALID, "a %s registers its handsets' accounts, not one of its own, so a rollout cannot see it come back with the new version; pin the firmware instead", m.Name)
	}
	return nil
}
