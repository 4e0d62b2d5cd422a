package yealink

import switchboard "github.com/switchboard-pbx/switchboard"

// The German and French text of deskSteps, baseSteps, deskReset,
// baseReset and the handsets' text (Model.Manuals), translated from the
// English in models.go; menu names stay as the English web interface
// shows them. Sources: the desk phone's reset by holding OK is seed 000
// ("Yealink – Halten Sie die OK - Taste 5 Sek gedrückt"); the Auto
// Provision page's server URL is vendors.md §1 (Yealink Administrator's
// Guide for SIP-T2/T4/T5, "Boot Files" and auto provisioning); the
// bases' and handsets' menu paths are the English text of this package.
var (
	deskManuals = map[string]switchboard.Manual{
		"de": {
			ManualSteps: []string{
				"Ermitteln Sie die IP-Adresse des Telefons: Drücken Sie am Telefon die OK-Taste.",
				"Öffnen Sie https://<IP des Telefons>/ im Browser und melden Sie sich als admin an (Werkspasswort: admin).",
				"Gehen Sie zu Settings > Auto Provision.",
				"Fügen Sie die Provisionierungs-URL in Server URL ein; lassen Sie User Name und Password leer.",
				"Klicken Sie auf Confirm, dann auf Auto Provision Now: Das Telefon lädt sein Profil und startet neu.",
			},
			FactoryReset: "Halten Sie die OK-Taste 5 Sekunden gedrückt und bestätigen Sie das Zurücksetzen auf Werkseinstellungen.",
		},
		"fr": {
			ManualSteps: []string{
				"Trouvez l'adresse IP du téléphone : appuyez sur la touche OK du téléphone.",
				"Ouvrez https://<IP du téléphone>/ dans un navigateur et connectez-vous en admin (mot de passe d'usine : admin).",
				"Allez dans Settings > Auto Provision.",
				"Collez l'URL de provisioning dans Server URL ; laissez User Name et Password vides.",
				"Cliquez sur Confirm, puis sur Auto Provision Now : le téléphone charge son profil et redémarre.",
			},
			FactoryReset: "Maintenez la touche OK enfoncée 5 secondes et confirmez le retour aux réglages d'usine.",
		},
	}
	baseManuals = map[string]switchboard.Manual{
		"de": {
			ManualSteps: []string{
				"Ermitteln Sie die IP-Adresse der Basisstation: an einem angemeldeten Mobilteil unter OK > Status > Base.",
				"Öffnen Sie https://<IP der Basis>/ im Browser und melden Sie sich als admin an (Werkspasswort: admin).",
				"Gehen Sie zu Settings > Auto Provision.",
				"Fügen Sie die Provisionierungs-URL in Server URL ein; lassen Sie User Name und Password leer.",
				"Klicken Sie auf Confirm, dann auf Auto Provision Now: Die Basis lädt ihr Profil und startet neu.",
			},
			FactoryReset: "Wählen Sie in der Weboberfläche der Basis Settings > Upgrade und dort Reset to Factory, oder halten Sie die Paging-Taste der Basis gedrückt, bis ihre LED blinkt.",
		},
		"fr": {
			ManualSteps: []string{
				"Trouvez l'adresse IP de la station de base : sur un combiné enregistré, ouvrez OK > Status > Base.",
				"Ouvrez https://<IP de la base>/ dans un navigateur et connectez-vous en admin (mot de passe d'usine : admin).",
				"Allez dans Settings > Auto Provision.",
				"Collez l'URL de provisioning dans Server URL ; laissez User Name et Password vides.",
				"Cliquez sur Confirm, puis sur Auto Provision Now : la base charge son profil et redémarre.",
			},
			FactoryReset: "Dans l'interface web de la base, ouvrez Settings > Upgrade et choisissez Reset to Factory, ou maintenez la touche de paging de la base jusqu'à ce que son voyant clignote.",
		},
	}
	handsetManuals = map[string]switchboard.Manual{
		"de": {
			ManualSteps: []string{
				"Ordnen Sie das Mobilteil in Switchboard seiner Basisstation zu; es erhält seine Leitung über die Basis.",
				"Melden Sie das Mobilteil an der Basis an: am Mobilteil OK > Settings > Registration > Register Handset.",
			},
			FactoryReset: "Setzen Sie das Mobilteil im Menü zurück: OK > Settings > System Settings > Handset Reset (PIN 0000), und melden Sie es danach wieder an der Basis an.",
		},
		"fr": {
			ManualSteps: []string{
				"Rattachez le combiné à sa station de base dans Switchboard ; il reçoit sa ligne par la base.",
				"Enregistrez le combiné sur la base : sur le combiné, OK > Settings > Registration > Register Handset.",
			},
			FactoryReset: "Réinitialisez le combiné depuis son menu : OK > Settings > System Settings > Handset Reset (PIN 0000), puis enregistrez-le à nouveau sur sa base.",
		},
	}
)
