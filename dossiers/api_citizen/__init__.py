"""The citizen's dossier API: their own dossiers (list, detail with the
history in plain words and what is expected now), and the journey the pages
offer: start a draft, read the prefilled form, save what they type, confirm
the data, submit, upload (each file with the round it came with) and take
back a file not yet sent, answer a supplement request, withdraw. Session
authentication with CSRF, as the other APIs. Every write is a service call;
refusals come back as {"code", "detail"} (dossiers.api_errors).

scope: who may call it and which dossiers they reach; dossier_serializers:
a dossier as the applicant sees it; dossiers: the dossier and its moves;
eform: the draft's e-form; attachments: the files uploaded for it."""
