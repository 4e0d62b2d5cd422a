package sqlstore

import "github.com/switchboard-pbx/switchboard"

const tokenCols = `id, role, customer_id, workplace_id, name, created_at, expires_at`

func scanToken(s Row) (*switchboard.Token, error) {
	v := &switchboard.Token{}
	err := s.Scan(&v.ID, &v.Role, strCol{&v.CustomerID}, &v.WorkplaceID, &v.Name, timeCol{&v.CreatedAt},
		timeCol{&v.ExpiresAt})
	return v, err
}

// CreateToken stores tok with the keyed hash of secret, never the secret.
func (t *tx) CreateToken(tok *switchboard.Token, secret string) error {
	if secret == "" {
		return switchboard.Errorf(switchboard.EINVALID, "a token needs a secret")
	}
	_, err := t.exec(`INSERT INTO tokens (id, role, customer_id, workplace_id, name, secret_index, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		tok.ID, string(tok.Role), nullable(tok.CustomerID), tok.WorkplaceID, tok.Name, t.db.kr.Index(secret),
		t.time(tok.CreatedAt), t.time(tok.ExpiresAt))
	if err != nil {
		return t.refused(err, "token", "tokens", tok.ID,
			unique{"tokens_secret_index": "a token with this secret already exists"}, customerRef(tok.CustomerID))
	}
	return nil
}

// TokenBySecret finds a token by the keyed hash of its secret. Expiry is
// the caller's to check.
func (t *tx) TokenBySecret(secret string) (*switchboard.Token, error) {
	tok, err := one(t, `SELECT `+tokenCols+` FROM tokens WHERE secret_index = ?`, []any{t.db.kr.Index(secret)},
		scanToken, "token", "")
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no token has this secret")
	}
	return tok, err
}

// DeleteToken deletes the token with id.
func (t *tx) DeleteToken(id string) error {
	return t.deleteRecord("token", "tokens", id, "token %q is still in use")
}

// Tokens lists a customer's tokens in id order; an empty customerID lists
// every token, operator tokens included.
func (t *tx) Tokens(customerID string, p switchboard.Page) ([]*switchboard.Token, string, error) {
	return list(t, tokenCols, "tokens", "id", filter{}.eq("customer_id", customerID),
		p, scanToken, func(v *switchboard.Token) string { return v.ID })
}
