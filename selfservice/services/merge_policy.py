"""What a regroupement does with each row that points at the closed account (docs/mon-compte.md).

A test walks every relation to the account model and fails when a new one appears here without a
decision: adding a model that points at accounts means deciding here.
"""

# "model label.field" of every relation to the account → what a merge does with the closed
# account's rows. "move": to the remaining account; "keep": stays on the closed account as history.
MERGE_POLICY = {
    "accounts.Guardian.account": "move",  # the children and their links follow their guardian record
    "accounts.Pupil.account": "keep",  # never a pupil account: refused before
    "accounts.StaffMember.account": "keep",  # never a staff account: refused before
    "activation.Letter.account": "keep",  # history; the live ones are revoked
    "activation.EmailConfirmation.account": "keep",  # pending ones are made unusable
    "selfservice.EmailChangeRequest.account": "keep",  # pending ones are cancelled
    "activation.FirstConnectionLock.account": "keep",
    "selfservice.AccountMerge.survivor": "keep",
    "selfservice.AccountMerge.absorbed": "keep",
    "selfservice.AccountMerge.actor": "keep",
    "selfservice.AccountMerge.undone_by": "keep",
    "activation.LetterBatch.created_by": "keep",
    "account.EmailAddress.user": "keep",  # kept but no longer verified (see _close_absorbed)
    "portal.CharterAcceptance.user": "keep",  # the remaining account accepted the charter itself
    "accounts.AuditEvent.actor": "keep",
    "accounts.RosterImport.created_by": "keep",
    "accounts.NoticeOptOut.user": "keep",  # the remaining account keeps its own choices
    "teleservices.SectionVisit.user": "keep",  # only flags what is new; rebuilt on next visit
    # Vie scolaire: who wrote or answered a justification, who recorded an event (history).
    "vie_scolaire.Event.recorded_by": "keep",
    "vie_scolaire.Justification.submitted_by": "keep",
    "vie_scolaire.Justification.answered_by": "keep",
    "admin.LogEntry.user": "keep",
    # Other apps (added by their owners' features):
    "socialaccount.SocialAccount.user": "move",  # FranceConnect identity: (provider, uid) is unique
    "mfa.Authenticator.user": "keep",  # staff OTP only; guardians have none
    "recovery.PasswordResetToken.account": "keep",  # dead with the account (inactive)
    "activation.SmsCode.account": "keep",
    "devices.Device.user": "keep",  # ended with the closed account's sessions (account_close)
    "devices.DevicePairing.user": "keep",  # pending ones cancelled with them
    "recovery.EmergencyAccessRequest.resolved_by": "keep",  # staff
    "sso.ServiceTicket.user": "keep",  # spent or expiring CAS tickets; single logout sent at close
    # A PRONOTE-ENT identifier stays with the closed account (the remaining one may have its own
    # in that establishment: one per account); the sweep erases it once the guardian records
    # have moved, and the next import links the remaining account.
    "pronote_bridge.PronoteEntLink.user": "keep",
    "pronote_bridge.PronoteImport.created_by": "keep",  # staff
    "pronote_bridge.PronoteImportRow.settled_user": "keep",  # history of a line settled by hand
    "actualites.News.author": "keep",  # staff only, never merged
    "actualites.News.decided_by": "keep",  # the direction
    # Mes courriels: the closed account's mailbox stays its own (an undone merge gets it back).
    "messagerie.Message.sender": "keep",
    "messagerie.Delivery.owner": "keep",
    "messagerie.MailboxNotice.owner": "keep",
    # The carnet d'adresses stays with the closed account too (an undone merge gets it back);
    # other people's entries naming the closed account show it « plus joignable ».
    "messagerie.Contact.owner": "keep",
    "messagerie.Contact.person": "keep",
    "messagerie.Contact.members": "keep",
    "messagerie.Contact_members.user": "keep",
    "bureau.Note.owner": "move",  # personal notes: the remaining account keeps both users'
    "bureau.Task.owner": "move",  # personal tasks, likewise
    # Favoris: each account keeps its own (an application is pinned once per account).
    "bureau.Favorite.owner": "keep",
    # Personal events follow the person (registered with merge_rows.rows_follow; the undo gives them back).
    "agenda.PersonalEvent.owner": "move",
    "agenda.FeedToken.owner": "keep",  # dead with the closed account (inactive); one per account
    "agenda.SchoolEvent.author": "keep",  # staff only, never merged
    "livret.Bilan.locked_by": "keep",  # the direction, never merged
    "livret.CycleBilan.locked_by": "keep",  # the direction, never merged
    "livret.BulletinBatch.created_by": "keep",  # the secretariat (staff), never merged
    # Démarches: who filed a bourse request, who decided it, who was reminded (history).
    "demarches.BourseRequest.filed_by": "keep",
    "demarches.BourseRequest.decided_by": "keep",
    "demarches.CampaignReminder.user": "keep",
    # Orientation: who changed, validated, answered, decided a file (history; any legal
    # representative of the child acts on it, whatever account started it).
    "demarches.OrientationFile.updated_by": "keep",
    "demarches.OrientationFile.validated_by": "keep",
    "demarches.OrientationFile.council_by": "keep",
    "demarches.OrientationFile.family_answer_by": "keep",
    "demarches.OrientationFile.decided_by": "keep",
    "auth.User_groups.user": "keep",
    "auth.User_user_permissions.user": "keep",
    "accounts.User_groups.user": "keep",
    "accounts.User_user_permissions.user": "keep",
}
