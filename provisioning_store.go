package switchboard

// AccessTx is the part of Tx the provisioning server's bookkeeping needs
// beyond the plain record methods. Its writes touch only what they name,
// so a batch written seconds after the fetches it records cannot undo a
// change an administrator made in between.
type AccessTx interface {
	// SetLastAccess records a device's last profile fetch (time, address,
	// User-Agent, file) and nothing else; a fetch older than the one
	// recorded is ignored. ENOTFOUND when the device does not exist.
	SetLastAccess(deviceID string, a Access) error
}
