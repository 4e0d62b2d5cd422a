package switchboard

// MessageTopStop is the mail to a customer's administrators that a level
// reached its charge limit (TopStop): sent once per level and month, when
// the limit is reached, so that they learn why calls out are refused
// before users call the help desk.
const MessageTopStop = "topstop_reached"
