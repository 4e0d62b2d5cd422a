package app

import switchboard "github.com/switchboard-pbx/switchboard"

// Access rules. An object of another customer is reported as not found, never
// as forbidden, so a caller cannot probe which ids exist in other tenants.
// Within its own customer a caller who may see an object but not change it
// is told so (forbidden).

// notFound is the answer for an object the caller may not see.
func notFound(what, id string) error {
	return switchboard.Errorf(switchboard.ENOTFOUND, "%s %q not found", what, id)
}

// mayAdminister allows the operator and the customer's administrators.
func mayAdminister(p switchboard.Principal, customerID, what, id string) error {
	if p.CanAdminister(customerID) {
		return nil
	}
	if p.Role == switchboard.RoleUser && p.CustomerID == customerID {
		return switchboard.Errorf(switchboard.EFORBIDDEN, "only an administrator of the customer may do this")
	}
	return notFound(what, id)
}

// mayOperate allows only the operator.
func mayOperate(p switchboard.Principal) error {
	if p.Role == switchboard.RoleOperator {
		return nil
	}
	return switchboard.Errorf(switchboard.EFORBIDDEN, "only the operator may do this")
}

// mayReadWorkplace allows the customer's administrators and the workplace's
// own user; everyone else does not see it.
func mayReadWorkplace(p switchboard.Principal, w *switchboard.Workplace) error {
	if p.CanSeeWorkplace(w.CustomerID, w.ID) {
		return nil
	}
	return notFound("workplace", w.ID)
}

// mayChangeWorkplace allows the customer's administrators; the workplace's
// own user sees it but is forbidden to change it this way.
func mayChangeWorkplace(p switchboard.Principal, w *switchboard.Workplace) error {
	if err := mayReadWorkplace(p, w); err != nil {
		return err
	}
	if !p.CanAdminister(w.CustomerID) {
		return switchboard.Errorf(switchboard.EFORBIDDEN, "only an administrator of the customer may change this")
	}
	return nil
}

// mayReadDevice allows the customer's administrators and the user of the
// workplace the device is linked to or logged in on by hot-desking.
func mayReadDevice(p switchboard.Principal, d *switchboard.Device) error {
	if p.CanAdminister(d.CustomerID) {
		return nil
	}
	if p.Role == switchboard.RoleUser && d.LineWorkplace() != "" && p.CanSeeWorkplace(d.CustomerID, d.LineWorkplace()) {
		return nil
	}
	return notFound("device", d.ID)
}

// mayChangeDevice allows the customer's administrators; a user who sees the
// device is forbidden to change it.
func mayChangeDevice(p switchboard.Principal, d *switchboard.Device) error {
	if err := mayReadDevice(p, d); err != nil {
		return err
	}
	if !p.CanAdminister(d.CustomerID) {
		return switchboard.Errorf(switchboard.EFORBIDDEN, "only an administrator of the customer may change devices")
	}
	return nil
}

// asNotFound gives a store's not-found error the same wording as a refused
// object of another tenant, so the two cannot be told apart.
func asNotFound(err error, what, id string) error {
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return notFound(what, id)
	}
	return err
}
