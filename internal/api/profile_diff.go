package api

import "net/http"

// profileDiffRoutes serves "what will change on the phone".
func (s *server) profileDiffRoutes() {
	onID(s, s.op("get-device-profile-diff", http.MethodGet, "/devices/{id}/profile-diff",
		"What a sync or reset would change on the device: per file, the difference between what it last fetched and what it would get now, secrets masked",
		"devices", 0),
		s.svc.ProfileDiff)
}
