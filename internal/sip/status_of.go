package sip

import "time"

// StatusOf builds a device's status at now from bindings another node (or
// this node before a restart) persisted, so any node sharing the store
// answers status for any device the same way.
func StatusOf(d DeviceBindings, now time.Time) Status {
	bs := make([]*Binding, len(d.Bindings))
	for i := range d.Bindings {
		bs[i] = &d.Bindings[i]
	}
	return statusOf(bs, d.Last, now)
}
