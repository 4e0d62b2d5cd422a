package universal

import switchboard "github.com/switchboard-pbx/switchboard"

// manuals are the universal profile's set-up and reset in German and
// French (Model.Manuals), translated from the English in universal.go.
// Source: seed 000 (SIP account data for devices set up by hand, one
// device per set of login data, factory settings before reuse).
var manuals = map[string]switchboard.Manual{
	"de": {
		ManualSteps: []string{
			"Öffnen Sie im Portal die SIP-Kontodaten des Endgeräts (Expertenansicht).",
			"Tragen Sie Benutzername, Authentifizierungsname, Passwort, Domain und Proxy in die SIP-Einstellungen des Endgeräts ein.",
			"Innerhalb der Zugangsnetze des Betreibers nutzen Sie den Proxy-Port mit UDP oder TCP; von überall sonst, oder wenn die Verschlüsselung des Standorts an ist, TLS mit dem TLS-Port und verpflichtendem SRTP.",
			"Verwenden Sie diese Daten nur an diesem einen Endgerät: Ein zweites Endgerät braucht ein eigenes universelles Profil (Seed 000).",
		},
		FactoryReset: "Stellen Sie nach der Anleitung des Herstellers die Werkseinstellungen wieder her, bevor das Endgerät anderswo genutzt wird (Seed 000).",
	},
	"fr": {
		ManualSteps: []string{
			"Dans le portail, ouvrez les données du compte SIP de l'appareil (vue expert).",
			"Saisissez le nom d'utilisateur, le nom d'authentification, le mot de passe, le domaine et le proxy dans les réglages SIP de l'appareil.",
			"Dans les réseaux d'accès de l'opérateur, utilisez le port du proxy en UDP ou TCP ; depuis partout ailleurs, ou si le chiffrement du site est activé, TLS avec le port TLS et SRTP obligatoire.",
			"N'utilisez ces données que sur ce seul appareil : un deuxième appareil a besoin de son propre profil universel (seed 000).",
		},
		FactoryReset: "Rétablissez les réglages d'usine selon les instructions du fabricant avant d'utiliser l'appareil ailleurs (seed 000).",
	},
}
