package sip

import "time"

// StatusOf builds a device's status at now from bindings another node (or
// this node before a restart) persisted, so any node sharing the store
// answers status for any device the same way.
func StatusOf(d DeviceBindings, now time.Time) Status {
	bs := make([]binding, 0, len(d.Bindings))
	for i := range d.Bindings {
		if k, err := keep(&d.Bindings[i]); err == nil {
			bs = append(bs, k)
		}
	}
	var last *binding
	if d.Last != nil {
		if k, err := keep(d.Last); err == nil {
			last = &k
		}
	}
	return statusOf(bs, last, now)
}
