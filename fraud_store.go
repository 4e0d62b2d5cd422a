package switchboard

import "context"

// FraudTx is the part of Tx the fraud procedure needs beyond the record
// methods (seed 004): numbers have no update method of their own.
type FraudTx interface {
	// SetNumberChargeLimit sets a number's charge limit and nothing else;
	// ENOTFOUND when the number does not exist.
	SetNumberChargeLimit(e164 string, limit int64) error
}

// CredentialRevoker is the part of Registrar behind new SIP credentials.
type CredentialRevoker interface {
	// Revoke ends the registrations a device made with its previous SIP
	// account (d.PreviousSIP), on whichever node holds them: each such
	// binding first gets the model's NOTIFY (reboot as asked), the phone's
	// challenge answered with the previous account, so a phone still
	// reachable fetches its profile and the new account; then the bindings
	// are removed and the previous account dropped from every node's cache.
	// It reports one outcome per binding, and fails with ENOTFOUND when no
	// binding used the previous account.
	Revoke(ctx context.Context, d *Device, reboot bool) ([]BindingOutcome, error)
}
