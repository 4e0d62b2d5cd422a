package switchboard

import "time"

// Role is what a token may do: the operator runs the installation, an admin
// manages one customer, a user sees their own workplace.
type Role string

// Roles.
const (
	RoleOperator Role = "operator"
	RoleAdmin    Role = "admin"
	RoleUser     Role = "user"
	// RoleMonitor is a customer's CTI monitoring account (seed 002): it
	// may watch every workplace's calls and call settings, never act, and
	// no token is ever issued for it.
	RoleMonitor Role = "monitor"
)

// Valid reports whether r is a role a token may carry (not RoleMonitor).
func (r Role) Valid() bool {
	return r == RoleOperator || r == RoleAdmin || r == RoleUser
}

// Token is an API credential. Only a keyed hash of its secret is stored.
type Token struct {
	ID          string    `json:"id"`
	Role        Role      `json:"role"`
	CustomerID  string    `json:"customer,omitempty"`
	WorkplaceID string    `json:"workplace,omitempty"`
	Name        string    `json:"name,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	// ExpiresAt is zero for a token that does not expire.
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

// Validate checks that the token's scope fits its role.
func (t *Token) Validate() error {
	switch t.Role {
	case RoleOperator:
		if t.CustomerID != "" || t.WorkplaceID != "" {
			return FieldErrorf("customer", "an operator token is not tied to a customer or workplace")
		}
	case RoleAdmin:
		if t.CustomerID == "" {
			return FieldErrorf("customer", "an admin token needs the customer it administers")
		}
		if t.WorkplaceID != "" {
			return FieldErrorf("workplace", "an admin token is not tied to a workplace")
		}
	case RoleUser:
		if t.CustomerID == "" || t.WorkplaceID == "" {
			return FieldErrorf("workplace", "a user token needs its customer and workplace")
		}
	default:
		return FieldErrorf("role", "role must be operator, admin or user")
	}
	return nil
}

// Label names the token for people: its name, or its role and whose it is
// when it has none ("admin of cus_…", "user of wpl_…", "operator").
func (t *Token) Label() string {
	switch {
	case t.Name != "":
		return t.Name
	case t.WorkplaceID != "":
		return string(t.Role) + " of " + t.WorkplaceID
	case t.CustomerID != "":
		return string(t.Role) + " of " + t.CustomerID
	}
	return string(t.Role)
}

// Principal is the caller of a use case, derived from its token.
type Principal struct {
	TokenID     string
	Role        Role
	CustomerID  string
	WorkplaceID string
}

// System is the principal of background workers and offline commands.
var System = Principal{TokenID: "system", Role: RoleOperator}

// CanAdminister reports whether p may change anything of the customer.
func (p Principal) CanAdminister(customerID string) bool {
	return p.Role == RoleOperator || (p.Role == RoleAdmin && p.CustomerID == customerID)
}

// CanMonitor reports whether p may watch the calls and call settings of
// every workplace of the customer: its administrators and its monitoring
// accounts.
func (p Principal) CanMonitor(customerID string) bool {
	return p.CanAdminister(customerID) || (p.Role == RoleMonitor && p.CustomerID == customerID)
}

// CanSeeWorkplace reports whether p may read the workplace: its customer's
// administrators and its own user.
func (p Principal) CanSeeWorkplace(customerID, workplaceID string) bool {
	return p.CanAdminister(customerID) ||
		(p.Role == RoleUser && p.CustomerID == customerID && p.WorkplaceID == workplaceID)
}
