package gigaset

import switchboard "github.com/switchboard-pbx/switchboard"

// The German and French text of the bases' and handsets' set-up and reset
// (Model.Manuals), translated step for step from the English in
// models.go; menu names stay as the English web interface shows them.
// Sources of the bases' steps: the comments beside the English text in
// models.go. Handsets: the registration PIN (hs.N.DECT_AC) is vendors.md
// §5; the Handset Reset menu is Gigaset's handset user guides ("Resetting
// the handset/base station", Gigaset E630 user manual, page 29, seen
// through the search tool).
var (
	baseManuals = map[string]switchboard.Manual{
		"de": {
			ManualSteps: []string{
				"Ermitteln Sie die IP-Adresse der Basisstation in der Geräteliste Ihres Routers (die Basis hat kein Display).",
				"Öffnen Sie http://<IP der Basis>/ im Browser und melden Sie sich als admin mit dem Passwort aus der Dokumentation oder vom Etikett der Basis an.",
				"Öffnen Sie die Provisionierungseinstellungen der Weboberfläche.",
				"Fügen Sie die Provisionierungs-URL (sie endet mit '/') in das Feld für den Provisionierungsserver ein und speichern Sie.",
				"Starten Sie die Basis neu: Sie lädt ihr Profil und richtet die Konten ihrer Mobilteile ein.",
			},
			FactoryReset: "Stellen Sie die Werkseinstellungen der Basis mit ihrer Reset-Taste oder über ihre Weboberfläche wieder her, wie ihre Bedienungsanleitung beschreibt; sie startet mit Werkseinstellungen neu, und ihre Mobilteile müssen neu angemeldet werden.",
		},
		"fr": {
			ManualSteps: []string{
				"Trouvez l'adresse IP de la station de base dans la liste des appareils de votre routeur (la base n'a pas d'écran).",
				"Ouvrez http://<IP de la base>/ dans un navigateur et connectez-vous en admin avec le mot de passe de la documentation ou de l'étiquette de la base.",
				"Ouvrez les réglages de provisioning de l'interface web.",
				"Collez l'URL de provisioning (elle se termine par '/') dans le champ du serveur de provisioning et enregistrez.",
				"Redémarrez la base : elle charge son profil et configure les comptes de ses combinés.",
			},
			FactoryReset: "Rétablissez les réglages d'usine de la base avec son bouton de réinitialisation ou son interface web comme le décrit son guide d'utilisation ; elle redémarre avec les réglages d'usine et ses combinés doivent être enregistrés à nouveau.",
		},
	}
	handsetManuals = map[string]switchboard.Manual{
		"de": {
			ManualSteps: []string{
				"Ordnen Sie das Mobilteil in Switchboard seiner Basisstation zu; die Basis erhält das Konto des Mobilteils.",
				"Melden Sie das Mobilteil innerhalb von 15 Minuten an, nachdem die Basis ihr Profil geladen hat (dann öffnet sie die Anmeldung): am Mobilteil Menu > Settings > Registration > Register Handset, und geben Sie die PIN der Basis ein, die Switchboard zeigt.",
			},
			FactoryReset: "Am Mobilteil: Menu > Settings > System > Handset Reset, danach melden Sie es wieder an seiner Basis an.",
		},
		"fr": {
			ManualSteps: []string{
				"Rattachez le combiné à sa station de base dans Switchboard ; la base reçoit le compte du combiné.",
				"Enregistrez le combiné dans les 15 minutes qui suivent le chargement du profil par la base (elle ouvre alors l'enregistrement) : sur le combiné, Menu > Settings > Registration > Register Handset, puis saisissez le code PIN de la base affiché par Switchboard.",
			},
			FactoryReset: "Sur le combiné : Menu > Settings > System > Handset Reset, puis enregistrez-le à nouveau sur sa base.",
		},
	}
)
