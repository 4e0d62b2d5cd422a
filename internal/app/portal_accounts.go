package app

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// minPortalPassword is the shortest password a person may choose for a
// portal account.
const minPortalPassword = 10

// PortalAccountInput describes a new operator or company-administrator
// account. An empty Password generates one, returned once.
type PortalAccountInput struct {
	Username   string
	Role       switchboard.Role
	CustomerID string
	Password   string
	Language   string
}

// CreatedPortalAccount is a new account with its password, shown once.
type CreatedPortalAccount struct {
	Account  *switchboard.PortalAccount
	Password string
}

// CreatePortalAccount creates an operator account (operator only) or an
// administrator account of a customer (its administrators too). Usernames
// are case-insensitive and unique among accounts (ECONFLICT). The
// password is hashed with bcrypt like the workplaces' portal passwords.
func (s *Service) CreatePortalAccount(ctx context.Context, p switchboard.Principal, in PortalAccountInput) (*CreatedPortalAccount, error) {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	if err := validatePortalAccount(in); err != nil {
		return nil, err
	}
	if in.Role == switchboard.RoleOperator {
		if err := mayOperate(p); err != nil {
			return nil, err
		}
	}
	password := in.Password
	if password == "" {
		password = randomFrom(strongAlnum, 16)
	}
	hash, err := hashPortalPassword(password)
	if err != nil {
		return nil, err
	}
	var a *switchboard.PortalAccount
	err = s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if in.Role == switchboard.RoleAdmin {
			if _, err := s.customerFor(tx, p, in.CustomerID); err != nil {
				return audit{}, err
			}
		}
		a = &switchboard.PortalAccount{ID: switchboard.NewID("pac", now), Username: in.Username, Role: in.Role,
			CustomerID: in.CustomerID, PasswordHash: hash, Language: in.Language, CreatedAt: now, UpdatedAt: now}
		if err := tx.CreatePortalAccount(a); err != nil {
			return audit{}, err
		}
		return audit{customer: a.CustomerID, action: "portal_account.create", object: a.ID,
			detail: string(a.Role) + " " + a.Username}, nil
	})
	if err != nil {
		return nil, err
	}
	return &CreatedPortalAccount{Account: a, Password: password}, nil
}

// validatePortalAccount checks a new account's fields.
func validatePortalAccount(in PortalAccountInput) error {
	switch {
	case in.Username == "" || len(in.Username) > 200 || strings.ContainsAny(in.Username, " \t\r\n"):
		return switchboard.FieldErrorf("username", "a username is 1 to 200 characters without spaces")
	case in.Role != switchboard.RoleOperator && in.Role != switchboard.RoleAdmin:
		return switchboard.FieldErrorf("role", "a portal account is an operator's or an administrator's")
	case in.Role == switchboard.RoleOperator && in.CustomerID != "":
		return switchboard.FieldErrorf("customer", "an operator account is not tied to a customer")
	case in.Role == switchboard.RoleAdmin && in.CustomerID == "":
		return switchboard.FieldErrorf("customer", "an administrator account needs its customer")
	case in.Password != "":
		return checkPortalPasswordRule(in.Password)
	}
	return nil
}

// checkPortalPasswordRule is the rule for a password a person chooses.
func checkPortalPasswordRule(password string) error {
	if n := utf8.RuneCountInString(password); n < minPortalPassword || len(password) > 72 {
		return switchboard.FieldErrorf("password", "a password has at least %d characters and at most 72 bytes", minPortalPassword)
	}
	return nil
}

// hashPortalPassword hashes a portal account's password with bcrypt.
func hashPortalPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("hash portal password: %w", err)
	}
	return string(h), nil
}
