package fanvil

import switchboard "github.com/switchboard-pbx/switchboard"

// manuals are manualSteps and factoryReset in German and French
// (Model.Manuals), translated step for step from the English in
// models.go, whose comments name each step's source or say that none was
// found; menu and field names stay as the English interface shows them.
var manuals = map[string]switchboard.Manual{
	"de": {
		ManualSteps: []string{
			"Ermitteln Sie die IP-Adresse des Telefons im Statusmenü des Telefons oder in der Geräteliste Ihres Routers.",
			"Öffnen Sie http://<IP des Telefons>/ im Browser und melden Sie sich als admin an (Werkspasswort: admin, auch auf dem Etikett an der Unterseite).",
			"Gehen Sie zu System > Auto Provision (bei neuerer Firmware: Maintenance > Auto Provision).",
			"Setzen Sie in den Einstellungen des statischen Provisionierungsservers (Phone Flash) das Protokoll auf HTTPS, den Server auf Host und Port der Provisionierungs-URL und den Dateinamen auf ihren Rest (den Schlüssel und '.cfg').",
			"Übernehmen Sie die Einstellungen und starten Sie das Telefon neu: Beim Start lädt es sein Profil.",
		},
		FactoryReset: "Stellen Sie die Werkseinstellungen über das Menü des Telefons oder seine Weboberfläche wieder her, wie die Bedienungsanleitung des Modells beschreibt; danach ist die Web-Anmeldung wieder admin / admin.",
	},
	"fr": {
		ManualSteps: []string{
			"Trouvez l'adresse IP du téléphone dans son menu d'état ou dans la liste des appareils de votre routeur.",
			"Ouvrez http://<IP du téléphone>/ dans un navigateur et connectez-vous en admin (mot de passe d'usine : admin, aussi imprimé sur l'étiquette sous l'appareil).",
			"Allez dans System > Auto Provision (sur un firmware récent : Maintenance > Auto Provision).",
			"Dans les réglages du serveur de provisioning statique (Phone Flash), réglez le protocole sur HTTPS, le serveur sur l'hôte et le port de l'URL de provisioning, et le nom de fichier sur le reste de celle-ci (la clé et '.cfg').",
			"Appliquez les réglages et redémarrez le téléphone : au démarrage, il charge son profil.",
		},
		FactoryReset: "Rétablissez les réglages d'usine depuis le menu du téléphone ou son interface web comme le décrit le manuel d'utilisation du modèle ; ensuite, la connexion web est de nouveau admin / admin.",
	},
}
