package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// TokenPrefix starts every API token secret, so a leaked one is easy to
// recognise in code and logs scanners.
const TokenPrefix = "sb_"

// TokenInput asks for a new API token. An administrator may leave Customer
// empty for its own customer.
type TokenInput struct {
	Role      switchboard.Role `json:"role"`
	Customer  string           `json:"customer,omitempty"`
	Workplace string           `json:"workplace,omitempty"`
	Name      string           `json:"name,omitempty"`
	// ExpiresAt is when the token stops working; zero never.
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

// CreatedToken is a new token with its secret, shown this once only.
type CreatedToken struct {
	switchboard.Token
	Secret string `json:"token"`
}

// CreateToken issues a token of role for a customer and workplace; see
// IssueToken.
func (s *Service) CreateToken(ctx context.Context, p switchboard.Principal, role switchboard.Role, customerID, workplaceID string) (*CreatedToken, error) {
	return s.IssueToken(ctx, p, TokenInput{Role: role, Customer: customerID, Workplace: workplaceID})
}

// IssueToken creates an API token and returns its secret once. The
// operator may create any token; a customer's administrator admin and user
// tokens of its own customer; a user none.
func (s *Service) IssueToken(ctx context.Context, p switchboard.Principal, in TokenInput) (*CreatedToken, error) {
	switch p.Role {
	case switchboard.RoleOperator:
	case switchboard.RoleAdmin:
		if in.Role == switchboard.RoleOperator {
			return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "only the operator may create operator tokens")
		}
		if in.Customer == "" {
			in.Customer = p.CustomerID
		}
		if in.Customer != p.CustomerID {
			return nil, notFound("customer", in.Customer)
		}
	default:
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "users may not create tokens; ask an administrator")
	}
	t := &switchboard.Token{Role: in.Role, CustomerID: in.Customer, WorkplaceID: in.Workplace, Name: strings.TrimSpace(in.Name)}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if err := switchboard.ValidateName("name", "x"+t.Name); err != nil {
		return nil, err
	}
	secret := TokenPrefix + randomHex(32)
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if !in.ExpiresAt.IsZero() && !in.ExpiresAt.After(now) {
			return audit{}, switchboard.FieldErrorf("expires_at", "expires_at must be in the future")
		}
		if t.CustomerID != "" {
			if _, err := tx.Customer(t.CustomerID); err != nil {
				return audit{}, asNotFound(err, "customer", t.CustomerID)
			}
		}
		if t.WorkplaceID != "" {
			w, err := tx.Workplace(t.WorkplaceID)
			if err != nil || w.CustomerID != t.CustomerID {
				return audit{}, notFound("workplace", t.WorkplaceID)
			}
			if w.State == switchboard.WorkplaceDeleted {
				return audit{}, switchboard.Errorf(switchboard.ECONFLICT, "workplace %q has been deleted", t.WorkplaceID)
			}
		}
		t.ID = switchboard.NewID("tok", now)
		t.CreatedAt = now
		if !in.ExpiresAt.IsZero() {
			t.ExpiresAt = in.ExpiresAt.UTC().Truncate(time.Microsecond)
		}
		if err := tx.CreateToken(t, secret); err != nil {
			return audit{}, fmt.Errorf("create token: %w", err)
		}
		return audit{customer: t.CustomerID, action: "token.create", object: t.ID, detail: string(t.Role)}, nil
	})
	if err != nil {
		return nil, err
	}
	return &CreatedToken{Token: *t, Secret: secret}, nil
}

// errBadToken is the one answer for every unusable secret, so a caller
// learns nothing about why.
var errBadToken = switchboard.Errorf(switchboard.EUNAUTHORIZED, "the token is unknown or expired; send Authorization: Bearer <token>")

// Authenticate turns a token secret into the caller's principal. Unknown
// and expired tokens, and user tokens of deleted workplaces, are refused.
func (s *Service) Authenticate(ctx context.Context, secret string) (switchboard.Principal, error) {
	if secret == "" || len(secret) > 200 {
		return switchboard.Principal{}, errBadToken
	}
	var t *switchboard.Token
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		if t, err = tx.TokenBySecret(secret); err != nil {
			return err
		}
		if t.Role == switchboard.RoleUser {
			w, err := tx.Workplace(t.WorkplaceID)
			if err != nil {
				return err
			}
			if w.State == switchboard.WorkplaceDeleted {
				return errBadToken
			}
		}
		return nil
	})
	switch code := switchboard.ErrorCode(err); {
	case code == switchboard.ENOTFOUND || code == switchboard.EUNAUTHORIZED:
		return switchboard.Principal{}, errBadToken
	case err != nil:
		return switchboard.Principal{}, fmt.Errorf("authenticate: %w", err)
	}
	if !t.ExpiresAt.IsZero() && !s.now().Before(t.ExpiresAt) {
		return switchboard.Principal{}, errBadToken
	}
	return switchboard.Principal{TokenID: t.ID, Role: t.Role, CustomerID: t.CustomerID, WorkplaceID: t.WorkplaceID}, nil
}

// Tokens lists tokens: all for the operator, the own customer's for an
// administrator. Secrets are never listed.
func (s *Service) Tokens(ctx context.Context, p switchboard.Principal, page switchboard.Page) ([]*switchboard.Token, string, error) {
	scope, err := tokenScope(p)
	if err != nil {
		return nil, "", err
	}
	var out []*switchboard.Token
	var next string
	err = s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		out, next, err = tx.Tokens(scope, page)
		return err
	})
	return orEmpty(out), next, err
}

// tokenScope is the customer whose tokens p may manage; "" means all.
func tokenScope(p switchboard.Principal) (string, error) {
	switch p.Role {
	case switchboard.RoleOperator:
		return "", nil
	case switchboard.RoleAdmin:
		return p.CustomerID, nil
	}
	return "", switchboard.Errorf(switchboard.EFORBIDDEN, "users may not manage tokens; ask an administrator")
}

// DeleteToken revokes a token at once.
func (s *Service) DeleteToken(ctx context.Context, p switchboard.Principal, id string) error {
	scope, err := tokenScope(p)
	if err != nil {
		return err
	}
	return s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		toks, err := allTokens(tx, scope)
		if err != nil {
			return audit{}, err
		}
		for _, t := range toks {
			if t.ID == id {
				if err := tx.DeleteToken(id); err != nil {
					return audit{}, asNotFound(err, "token", id)
				}
				return audit{customer: t.CustomerID, action: "token.delete", object: id}, nil
			}
		}
		return audit{}, notFound("token", id)
	})
}

// allTokens lists every token of a customer ("" for all).
func allTokens(tx switchboard.Tx, customerID string) ([]*switchboard.Token, error) {
	var out []*switchboard.Token
	page := switchboard.Page{Limit: switchboard.MaxPageSize}
	for {
		ts, next, err := tx.Tokens(customerID, page)
		if err != nil {
			return nil, fmt.Errorf("list tokens: %w", err)
		}
		out = append(out, ts...)
		if next == "" {
			return out, nil
		}
		page.After = next
	}
}
