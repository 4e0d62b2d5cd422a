package app

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// TrunkInput creates an upstream SIP trunk of a customer.
type TrunkInput struct {
	Name             string   `json:"name"`
	Proxy            string   `json:"proxy" doc:"Host or IP address with an optional :port"`
	Transport        string   `json:"transport,omitempty" enum:"udp,tcp,tls" doc:"udp when left out"`
	Domain           string   `json:"domain,omitempty"`
	Username         string   `json:"username,omitempty"`
	AuthUsername     string   `json:"auth_username,omitempty"`
	Password         string   `json:"password,omitempty" doc:"Write-only; never returned"`
	Register         bool     `json:"register,omitempty"`
	InboundAddresses []string `json:"inbound_addresses,omitempty" doc:"Addresses or prefixes the trunk sends calls from"`
	CallerID         string   `json:"caller_id,omitempty" doc:"E.164 number shown for workplaces without a number"`
}

// TrunkPatch changes a trunk; absent fields stay, an empty password
// removes it.
type TrunkPatch struct {
	Name             *string   `json:"name,omitempty"`
	Proxy            *string   `json:"proxy,omitempty"`
	Transport        *string   `json:"transport,omitempty" enum:"udp,tcp,tls"`
	Domain           *string   `json:"domain,omitempty"`
	Username         *string   `json:"username,omitempty"`
	AuthUsername     *string   `json:"auth_username,omitempty"`
	Password         *string   `json:"password,omitempty" doc:"Write-only; never returned"`
	Register         *bool     `json:"register,omitempty"`
	InboundAddresses *[]string `json:"inbound_addresses,omitempty"`
	CallerID         *string   `json:"caller_id,omitempty"`
}

// TrunkView is a trunk as administrators see it: the password never, only
// whether one is set; and where its registration stands, the best state
// of all nodes with the node it is from.
type TrunkView struct {
	switchboard.Trunk
	PasswordSet  bool                          `json:"password_set"`
	Registration switchboard.TrunkRegistration `json:"registration"`
}

func (s *Service) trunkView(tx switchboard.Tx, t *switchboard.Trunk) (*TrunkView, error) {
	reg, err := s.trunkRegistration(tx, t)
	if err != nil {
		return nil, err
	}
	v := &TrunkView{Trunk: *t, PasswordSet: t.Password != "", Registration: reg}
	v.Password = ""
	v.InboundAddresses = orEmpty(v.InboundAddresses)
	return v, nil
}

// trunkFor loads a trunk the caller administers; another customer's is
// not found.
func trunkFor(tx switchboard.Tx, p switchboard.Principal, id string) (*switchboard.Trunk, error) {
	t, err := tx.Trunk(id)
	if err != nil {
		return nil, asNotFound(err, "trunk", id)
	}
	if err := mayAdminister(p, t.CustomerID, "trunk", id); err != nil {
		return nil, err
	}
	return t, nil
}

// CreateTrunk adds an upstream trunk to a customer. Administrators of the
// customer and the operator.
func (s *Service) CreateTrunk(ctx context.Context, p switchboard.Principal, customerID string, in TrunkInput) (*TrunkView, error) {
	var t *switchboard.Trunk
	var v *TrunkView
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return audit{}, err
		}
		t = &switchboard.Trunk{ID: switchboard.NewID("trk", now), CustomerID: customerID, Name: in.Name, Proxy: in.Proxy,
			Transport: in.Transport, Domain: in.Domain, Username: in.Username, AuthUsername: in.AuthUsername,
			Password: in.Password, Register: in.Register, InboundAddresses: in.InboundAddresses, CallerID: in.CallerID,
			CreatedAt: now, UpdatedAt: now}
		if err := t.Validate(); err != nil {
			return audit{}, err
		}
		if err := tx.CreateTrunk(t); err != nil {
			return audit{}, fmt.Errorf("create trunk: %w", err)
		}
		var err error
		v, err = s.trunkView(tx, t)
		return audit{customer: customerID, action: "trunk.create", object: t.ID, detail: t.Name}, err
	})
	if err != nil {
		return nil, err
	}
	s.changed(ctx, switchboard.TopicTrunk, t.ID)
	return v, nil
}

// Trunk returns a trunk to its customer's administrators.
func (s *Service) Trunk(ctx context.Context, p switchboard.Principal, id string) (*TrunkView, error) {
	var v *TrunkView
	err := s.view(ctx, func(tx switchboard.Tx) error {
		t, err := trunkFor(tx, p, id)
		if err != nil {
			return err
		}
		v, err = s.trunkView(tx, t)
		return err
	})
	return v, err
}

// UpdateTrunk changes a trunk. Administrators of its customer.
func (s *Service) UpdateTrunk(ctx context.Context, p switchboard.Principal, id string, in TrunkPatch) (*TrunkView, error) {
	var t *switchboard.Trunk
	var v *TrunkView
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		var err error
		if t, err = trunkFor(tx, p, id); err != nil {
			return audit{}, err
		}
		for dst, v := range map[*string]*string{&t.Name: in.Name, &t.Proxy: in.Proxy, &t.Transport: in.Transport,
			&t.Domain: in.Domain, &t.Username: in.Username, &t.AuthUsername: in.AuthUsername, &t.Password: in.Password,
			&t.CallerID: in.CallerID} {
			set(dst, v)
		}
		set(&t.Register, in.Register)
		set(&t.InboundAddresses, in.InboundAddresses)
		t.UpdatedAt = now
		if err := t.Validate(); err != nil {
			return audit{}, err
		}
		if err := tx.UpdateTrunk(t); err != nil {
			return audit{}, fmt.Errorf("update trunk: %w", err)
		}
		v, err = s.trunkView(tx, t)
		return audit{customer: t.CustomerID, action: "trunk.update", object: t.ID, detail: t.Name}, err
	})
	if err != nil {
		return nil, err
	}
	s.changed(ctx, switchboard.TopicTrunk, t.ID)
	return v, nil
}

// DeleteTrunk removes a trunk. Administrators of its customer.
func (s *Service) DeleteTrunk(ctx context.Context, p switchboard.Principal, id string) error {
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		t, err := trunkFor(tx, p, id)
		if err != nil {
			return audit{}, err
		}
		if err := tx.DeleteTrunk(id); err != nil {
			return audit{}, err
		}
		return audit{customer: t.CustomerID, action: "trunk.delete", object: id, detail: t.Name}, nil
	})
	if err != nil {
		return err
	}
	s.changed(ctx, switchboard.TopicTrunk, id)
	return nil
}

// Trunks lists a customer's trunks to its administrators.
func (s *Service) Trunks(ctx context.Context, p switchboard.Principal, customerID string, page switchboard.Page) ([]*TrunkView, string, error) {
	if err := page.Validate(); err != nil {
		return nil, "", err
	}
	var out []*TrunkView
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return err
		}
		ts, n, err := tx.Trunks(customerID, page)
		if err != nil {
			return err
		}
		next, out = n, make([]*TrunkView, len(ts))
		for i, t := range ts {
			if out[i], err = s.trunkView(tx, t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// TrunkSecret returns a trunk with its password, for the B2BUA's
// registration and digest answers only; no adapter serves it.
func (s *Service) TrunkSecret(ctx context.Context, id string) (*switchboard.Trunk, error) {
	var t *switchboard.Trunk
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		t, err = tx.Trunk(id)
		return err
	})
	return t, err
}

// TrunkByAddress identifies the trunk an INVITE came from by its source
// address, searched in the store's index of trunk addresses. Customers of one carrier list the same addresses, so among the
// trunks whose inbound addresses contain ip the one of the customer that
// owns the dialled number is taken, else the first in id order: another
// customer listing a carrier's address cannot take the calls meant for the
// customer whose number is dialled. ENOTFOUND when no trunk lists ip. The
// password is left out.
func (s *Service) TrunkByAddress(ctx context.Context, ip netip.Addr, dialled string) (*switchboard.Trunk, error) {
	var found []*switchboard.Trunk
	owner := ""
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		if found, err = tx.TrunksByAddress(ip); err != nil || len(found) < 2 {
			return err
		}
		number, err := switchboard.CanonicalE164("number", dialled)
		if err != nil {
			return nil
		}
		n, err := tx.Number(number)
		switch {
		case err == nil:
			owner = n.CustomerID
		case switchboard.ErrorCode(err) != switchboard.ENOTFOUND:
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no trunk sends calls from %s", ip)
	}
	t := found[0]
	for _, f := range found {
		if f.CustomerID == owner {
			t = f
			break
		}
	}
	t.Password = ""
	return t, nil
}

// eachTrunk calls fn with the trunks of the customer (all when empty) in
// id order until fn returns false.
func eachTrunk(tx switchboard.Tx, customerID string, fn func(*switchboard.Trunk) bool) error {
	page := switchboard.Page{Limit: switchboard.MaxPageSize}
	for {
		ts, next, err := tx.Trunks(customerID, page)
		if err != nil {
			return err
		}
		for _, t := range ts {
			if !fn(t) {
				return nil
			}
		}
		if next == "" {
			return nil
		}
		page.After = next
	}
}
