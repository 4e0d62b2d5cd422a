package redirect

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect/xmlrpc"
)

// XMLRPC posts one XML-RPC call with HTTP Basic credentials, the transport
// of the legacy redirect APIs (Snom, Gigaset, Fanvil), and returns the
// decoded answer. A fault comes back as *xmlrpc.Fault for the connector to
// name; an answer that is not XML-RPC is Unreadable.
func (c Caller) XMLRPC(ctx context.Context, url, user, password, method string, params ...any) (any, error) {
	body, err := xmlrpc.EncodeCall(method, params...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, Errorf(switchboard.EINVALID, "The address of %s, %q, is not a URL; correct it in the redirect service account.", c.Service, url)
	}
	req.Header.Set("Content-Type", "text/xml")
	req.SetBasicAuth(user, password)
	status, answer, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, &Error{Code: switchboard.EINVALID, Err: fmt.Errorf("%s: HTTP %d", method, status),
			Message: fmt.Sprintf("%s answered HTTP %d; check the service's address in the redirect service account.", c.Service, status)}
	}
	v, err := xmlrpc.DecodeResponse(answer)
	var fault *xmlrpc.Fault
	if errors.As(err, &fault) {
		return nil, fault
	} else if err != nil {
		return nil, Unreadable(c.Service, fmt.Errorf("%s: %w", method, err))
	}
	return v, nil
}

// Outcome runs an XML-RPC call whose answer is [success, text], the
// convention of the legacy redirect APIs, and returns the text. Faults are
// returned as permanent EINVALID errors naming the service.
func (c Caller) Outcome(ctx context.Context, url, user, password, method string, params ...any) (bool, string, error) {
	v, err := c.XMLRPC(ctx, url, user, password, method, params...)
	var fault *xmlrpc.Fault
	if errors.As(err, &fault) {
		return false, "", &Error{Code: switchboard.EINVALID, Err: fmt.Errorf("%s: %w", method, fault),
			Message: fmt.Sprintf("%s refused the call %s: %s.", c.Service, method, fault.Message)}
	} else if err != nil {
		return false, "", err
	}
	ok, text, err := xmlrpc.Outcome(v)
	if err != nil {
		return false, "", Unreadable(c.Service, fmt.Errorf("%s: %w", method, err))
	}
	return ok, text, nil
}
