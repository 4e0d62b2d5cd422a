package switchboard

// Topics of the notices behind the portal's live updates (issue 15). Like
// every notice they carry only an id: a receiver reads the object to learn
// its state and whom it concerns.
const (
	// TopicDeviceStatus tells that a device's registration changed (it
	// came online, went offline, or its bindings changed); the registrar
	// publishes it.
	TopicDeviceStatus = "sip.status"
	// TopicOrderFinished tells that an order ended, done or failed; the
	// order worker publishes it after the commit.
	TopicOrderFinished = "order.finished"
	// TopicMessageFailed tells that an outbox message failed for good; the
	// outbox dispatcher publishes it after recording the failure.
	TopicMessageFailed = "message.failed"
)
