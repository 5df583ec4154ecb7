"""Mes courriels: folders, a message, the compose page (drafts, picker, sending), attachments.

Thin views: each page reads through ``selectors`` (the user's own mailbox rows only, 404 for
anyone else's) and each action calls one service.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.school import school_role_of_request
from core import page_cache
from core.http import attachment_response

from . import messages as texts
from . import selectors, services
from .annuaire import carnet_entries
from .forms import ComposeForm
from .groups import groups_for
from .models import Delivery, Message
from .rules import reach
from .versions import mailbox_version

Folder = Delivery.Folder


def _reach(request):
    return reach(school_role_of_request(request))


def _layout(request, context: dict) -> dict:
    return {"unread": selectors.unread_count(owner=request.user), **context}


@login_required
@require_http_methods(["GET", "HEAD"])
def folder(request, slug: str = "reception"):
    current = selectors.FOLDERS.get(slug)
    if current is None:
        raise Http404("Dossier inconnu.")
    query = request.GET.get("q", "").strip()[:100]
    older, newer = request.GET.get("avant"), request.GET.get("apres")

    def context() -> dict:
        page = selectors.folder_page(
            owner=request.user, folder=current, query=query, older=older, newer=newer
        )
        return _layout(
            request,
            {
                "folder": current,
                "folder_slug": slug,
                "folder_label": Folder(current).label,
                "page": page,
                "query": query,
            },
        )

    if query or older or newer or not page_cache.can_serve_cached(request):
        return render(request, "messagerie/folder.html", context())
    # The first page of a folder, the one opened most, is cached per mailbox version: any new
    # mail, message read or moved renders it again (messagerie.versions).
    key = page_cache.user_page_key(f"mail:{slug}", request.user, mailbox_version(request.user.pk))
    return page_cache.render_user_page(
        request, key=key, template="messagerie/folder.html", context=context
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def message_detail(request, pk: int):
    delivery = selectors.delivery_of_owner(owner=request.user, pk=pk)
    if delivery.origin == Folder.DRAFTS and delivery.folder == Folder.DRAFTS:
        return redirect("messagerie:draft", pk=delivery.message_id)
    if not delivery.is_read:
        services.delivery_mark_read(delivery=delivery)
    return render(
        request,
        "messagerie/message.html",
        _layout(
            request,
            {
                "delivery": delivery,
                "message": delivery.message,
                "folder_slug": selectors.SLUG_OF_FOLDER[delivery.folder],
                "folder": delivery.folder,
            },
        ),
    )


@login_required
@require_POST
def message_action(request, pk: int, action: str):
    delivery = selectors.delivery_of_owner(owner=request.user, pk=pk)
    if action in ("repondre", "repondre-a-tous", "transferer"):
        mode = {"repondre": "reply", "repondre-a-tous": "reply_all", "transferer": "forward"}
        draft = services.reply_draft(author=request.user, delivery=delivery, mode=mode[action])
        return redirect("messagerie:draft", pk=draft.pk)
    slug = selectors.SLUG_OF_FOLDER[delivery.folder]
    if action == "corbeille":
        services.delivery_trash(delivery=delivery)
        messages.success(request, texts.MOVED_TO_TRASH)
    elif action == "restaurer":
        services.delivery_restore(delivery=delivery)
        messages.success(request, texts.RESTORED)
        return redirect("messagerie:message", pk=delivery.pk)
    elif action == "supprimer":
        try:
            services.delivery_delete(delivery=delivery)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("messagerie:message", pk=delivery.pk)
        messages.success(request, texts.DELETED)
    elif action == "non-lu":
        services.delivery_mark_read(delivery=delivery, is_read=False)
    else:
        raise Http404("Action inconnue.")
    return redirect("messagerie:folder", slug=slug)


@login_required
@require_http_methods(["GET", "HEAD"])
def attachment_download(request, pk: int):
    attachment = selectors.attachment_of_owner(owner=request.user, pk=pk)
    return attachment_response(
        attachment.file, filename=attachment.name, content_type=attachment.content_type
    )


# --- compose ----------------------------------------------------------------------------------


def _compose_context(request, *, form, draft: Message | None, sender_reach, errors=()):
    addressed = draft.addressed if draft is not None else {}
    chosen_ids = [int(pk) for pk in addressed.get("users", [])]
    groups = groups_for(sender_reach)
    query = (form.data.get("q") if form.is_bound else request.GET.get("q", "")) or ""
    query = query.strip()[:100]
    chosen_groups = [groups[key] for key in addressed.get("groups", []) if key in groups]
    people = [
        person
        for person in selectors.picker_people(reach=sender_reach, query=query)
        if person["pk"] not in chosen_ids
    ]
    offered_groups = [
        g
        for g in selectors.picker_groups(available=groups, query=query)
        if g.key not in addressed.get("groups", [])
    ]
    return _layout(
        request,
        {
            "form": form,
            "draft": draft,
            "attachments": list(draft.attachments.all()) if draft is not None else [],
            # "Mon carnet" first: every entry, those the rules no longer allow marked as such.
            "carnet": carnet_entries(owner=request.user, reach=sender_reach, groups=groups),
            "chosen_people": selectors.people_named(reach=sender_reach, ids=chosen_ids),
            "chosen_groups": chosen_groups,
            "people": people,
            "offered_groups": offered_groups,
            "query": query,
            "errors": list(errors),
            "folder": Folder.DRAFTS,
            "folder_slug": "brouillons",
            "quoted": draft.quoted if draft is not None else None,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def compose(request, pk: int | None = None):
    draft = selectors.draft_of_author(author=request.user, pk=pk) if pk is not None else None
    sender_reach = _reach(request)
    if request.method != "POST":
        initial = {"objet": draft.subject, "texte": draft.draft_text} if draft else {}
        form = ComposeForm(initial=initial)
        if draft is None and request.GET.get("a"):
            # "Écrire à …" from elsewhere (the annuaire): a draft with that person, if reachable.
            try:
                wanted = [int(request.GET["a"])]
            except ValueError:
                wanted = []
            if sender_reach.allowed_ids(wanted):
                draft = services.draft_save(
                    author=request.user, draft=None, subject="", text="",
                    user_ids=wanted, group_keys=[],
                )  # fmt: skip
                return redirect("messagerie:draft", pk=draft.pk)
        return render(
            request,
            "messagerie/compose.html",
            _compose_context(request, form=form, draft=draft, sender_reach=sender_reach),
        )

    form = ComposeForm(
        request.POST,
        request.FILES,
        attachment_count=draft.attachments.count() if draft is not None else 0,
    )
    form.is_valid()
    posted_ids, junk = form.posted_ids()
    posted_groups = form.posted_groups()
    # Entries of "Mon carnet": their people and groups, checked against the rules of today.
    from_carnet = services.carnet_resolve(
        owner=request.user,
        reach=sender_reach,
        groups=groups_for(sender_reach),
        contact_ids=form.posted_contacts(),
    )
    posted_ids += [pk for pk in from_carnet.user_ids if pk not in posted_ids]
    posted_groups += [key for key in from_carnet.group_keys if key not in posted_groups]
    draft = services.draft_save(
        author=request.user,
        draft=draft,
        subject=form.data.get("objet", ""),
        text=form.data.get("texte", ""),
        user_ids=posted_ids,
        group_keys=posted_groups,
        uploads=form.valid_uploads,
        removed_attachment_ids=form.removed_attachments(),
    )
    action = request.POST.get("action", "save")
    errors: list[str] = [message for field in form.errors.values() for message in field]
    if action != "send":
        if errors:
            return _compose_error(request, form, draft, sender_reach, errors)
        if action == "save":
            messages.success(request, texts.DRAFT_SAVED)
        target = reverse("messagerie:draft", kwargs={"pk": draft.pk})
        query = form.cleaned_data.get("q", "") if hasattr(form, "cleaned_data") else ""
        if action == "search":
            return redirect(f"{target}?{urlencode({'q': query})}#destinataires")
        return redirect(target)
    if junk:
        errors.append(texts.outside_rules(junk))
    errors += from_carnet.refused
    if errors:
        return _compose_error(request, form, draft, sender_reach, errors)
    return _send(request, draft, posted_ids, posted_groups, form=form, sender_reach=sender_reach)


def _compose_error(request, form, draft, sender_reach, errors):
    bound = ComposeForm(
        initial={"objet": draft.subject, "texte": draft.draft_text, "q": form.data.get("q", "")}
    )
    return render(
        request,
        "messagerie/compose.html",
        _compose_context(
            request, form=bound, draft=draft, sender_reach=sender_reach,
            errors=[*errors, texts.DRAFT_KEPT],
        ),
        status=400,
    )  # fmt: skip


def _send(request, draft, user_ids, group_keys, *, form, sender_reach, confirmed=None):
    try:
        services.message_send(
            author=request.user,
            draft=draft,
            user_ids=user_ids,
            group_keys=group_keys,
            confirmed_count=confirmed,
        )
    except services.ConfirmationNeeded as needed:
        groups = groups_for(sender_reach)
        return render(
            request,
            "messagerie/confirm.html",
            _layout(
                request,
                {
                    "draft": draft,
                    "count": needed.count,
                    "count_text": texts.confirm_group(needed.count),
                    "changed": confirmed is not None,
                    "changed_text": texts.CONFIRM_CHANGED,
                    "groups": [groups[k] for k in group_keys if k in groups],
                    "people": selectors.people_named(reach=sender_reach, ids=list(user_ids)),
                    "folder": Folder.DRAFTS,
                    "folder_slug": "brouillons",
                },
            ),
        )
    except ValidationError as error:
        return _compose_error(request, form, draft, sender_reach, error.messages)
    messages.success(request, texts.SENT)
    return redirect("messagerie:folder", slug="envoyes")


@login_required
@require_POST
def draft_confirm(request, pk: int):
    """The group send confirmed: the draft's own recipients, checked again on sending."""
    draft = selectors.draft_of_author(author=request.user, pk=pk)
    try:
        confirmed = int(request.POST.get("nombre_confirme", ""))
    except ValueError:
        confirmed = -1
    return _send(
        request,
        draft,
        [int(pk) for pk in draft.addressed.get("users", [])],
        list(draft.addressed.get("groups", [])),
        form=ComposeForm(),
        sender_reach=_reach(request),
        confirmed=confirmed,
    )


@login_required
@require_POST
def draft_discard(request, pk: int):
    draft = selectors.draft_of_author(author=request.user, pk=pk)
    services.draft_discard(author=request.user, draft=draft)
    messages.success(request, texts.DELETED)
    return redirect("messagerie:folder", slug="brouillons")
