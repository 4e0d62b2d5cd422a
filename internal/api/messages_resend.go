package api

import (
	"net/http"
)

// messageResendRoutes serves sending a failed message again.
func (s *server) messageResendRoutes() {
	op := s.op("resend-message", http.MethodPost, "/messages/{id}/resend", "Send a failed e-mail, SMS or redirect call again", "messages", 0)
	op.Description = "A message that failed after its last attempt goes back to pending with its attempts reset, and the " +
		"dispatcher tries it again at once; 409 for a message that has not failed. Administrators of the message's " +
		"customer and the operator; audited." + bodiesNote
	onID(s, op, s.svc.ResendMessage)
}
