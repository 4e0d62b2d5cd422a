package switchboard

// Manual is a model's text for a person holding the device: how to enter
// the provisioning URL by hand and how to restore factory settings (seed
// 000 "Werkseinstellungen wiederherstellen", seed 004 "Configuration
// manuelle"), in one language.
type Manual struct {
	ManualSteps  []string
	FactoryReset string
}

// Manual returns the model's text in the language lang, falling back to
// the English of FactoryReset and ManualSteps for a language (or a part)
// the vendor package has not translated.
func (m Model) Manual(lang string) Manual {
	t := m.Manuals[lang]
	if len(t.ManualSteps) != len(m.ManualSteps) {
		t.ManualSteps = m.ManualSteps
	}
	if t.FactoryReset == "" {
		t.FactoryReset = m.FactoryReset
	}
	return t
}
