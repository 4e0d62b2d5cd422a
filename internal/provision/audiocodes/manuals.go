package audiocodes

import switchboard "github.com/switchboard-pbx/switchboard"

// manuals are manualSteps and factoryReset in German and French
// (Model.Manuals), translated step for step from the English in
// models.go, whose comments name each step's source or say that none was
// found; menu and field names stay as the English interface shows them.
var manuals = map[string]switchboard.Manual{
	"de": {
		ManualSteps: []string{
			"Verbinden Sie einen Computer mit dem Netz des Adapters, öffnen Sie http://<IP des Adapters>/ und melden Sie sich mit dem Werks-Benutzernamen und -Passwort Admin / Admin an (Groß- und Kleinschreibung beachten).",
			"Tragen Sie in den Einstellungen für das automatische Update der Weboberfläche (oder mit dem ini-Parameter IniFileURL) die Provisionierungs-URL als INI-Datei-URL ein und senden Sie sie ab.",
			"Speichern Sie die Konfiguration im Flash-Speicher (Burn) und starten Sie den Adapter neu: Er lädt sein Profil beim Start.",
		},
		FactoryReset: "Stellen Sie die Werkseinstellungen mit der Reset-Taste oder über die Weboberfläche wieder her, wie das Benutzerhandbuch des Adapters beschreibt; danach ist die Web-Anmeldung wieder Admin / Admin.",
	},
	"fr": {
		ManualSteps: []string{
			"Reliez un ordinateur au réseau de l'adaptateur, ouvrez http://<IP de l'adaptateur>/ et connectez-vous avec le nom d'utilisateur et le mot de passe d'usine Admin / Admin (sensibles à la casse).",
			"Dans les réglages de mise à jour automatique de l'interface web (ou avec le paramètre ini IniFileURL), saisissez l'URL de provisioning comme URL du fichier INI et validez.",
			"Enregistrez la configuration en mémoire flash (Burn) et redémarrez l'adaptateur : il charge son profil au démarrage.",
		},
		FactoryReset: "Rétablissez les réglages d'usine avec le bouton de réinitialisation ou l'interface web comme le décrit le manuel d'utilisation de l'adaptateur ; ensuite, la connexion web est de nouveau Admin / Admin.",
	},
}
