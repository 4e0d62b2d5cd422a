package vendors

// Firmware returns the firmware version a User-Agent names, asking each
// family's parser in turn; "" when none finds one (a User-Agent of no
// known family, or a family whose devices send no version).
func Firmware(userAgent string) string {
	for _, f := range families {
		if f.Firmware == nil {
			continue
		}
		if v := f.Firmware(userAgent); v != "" {
			return v
		}
	}
	return ""
}
