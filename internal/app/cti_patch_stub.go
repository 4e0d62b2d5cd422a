package app

// CallSettingsPatch stub until callstore lands.
type CallSettingsPatch struct {
	ForwardAlways          *bool
	ForwardTo              *string
	DoNotDisturb           *bool
	RemoteOffice           *bool
	RemoteOfficeNumber     *string
	ParallelRinging        *bool
	ParallelRingingNumbers *[]string
	Voicemail              *bool
	NoAnswerSeconds        *int
}
