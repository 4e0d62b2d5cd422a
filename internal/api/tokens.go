package api

// tokenRoutes serves /tokens. The secret is in the creation answer only.
func (s *server) tokenRoutes() {
	r := resource{one: "token", many: "tokens", collection: "/tokens"}
	onBody(s, r.op(s, verbCreate), s.svc.IssueToken)
	listAll(s, r.op(s, verbList), s.svc.Tokens)
	deleteByID(s, r.op(s, verbDelete), s.svc.DeleteToken)
}
