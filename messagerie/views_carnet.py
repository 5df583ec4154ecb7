"""The annuaire des utilisateurs and the carnet d'adresses: thin views over ``annuaire`` (reads)
and ``services.carnet`` (writes). Another user's carnet entry is a 404, whatever the method."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts.school import school_role_of_request

from . import messages as texts
from . import selectors, services
from .annuaire import carnet_entries, contact_of_owner, directory_search, query_long_enough
from .groups import groups_for
from .models import Contact
from .rules import reach


def _int(value, default: int | None = None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _ids(values) -> list[int]:
    return [pk for pk in (_int(v) for v in values) if pk is not None]


def _layout(request, context: dict) -> dict:
    return {"unread": selectors.unread_count(owner=request.user), **context}


def _back(request, fallback: str):
    target = request.POST.get("suite", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_http_methods(["GET", "HEAD"])
def annuaire(request):
    query = request.GET.get("q", "").strip()[:100]
    page = _int(request.GET.get("page"), 1) or 1
    sender_reach = reach(school_role_of_request(request))
    result = directory_search(reach=sender_reach, viewer=request.user, query=query, page=page)
    return render(
        request,
        "messagerie/annuaire.html",
        _layout(
            request,
            {
                "query": query,
                "result": result,
                "too_short": bool(query) and not query_long_enough(query),
                "too_short_text": texts.DIRECTORY_TOO_SHORT,
                "folder": "annuaire",
                "here": request.get_full_path(),
            },
        ),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def carnet(request):
    sender_reach = reach(school_role_of_request(request))
    groups = groups_for(sender_reach)
    errors: list[str] = []
    list_label = ""
    if request.method == "POST":
        list_label = request.POST.get("nom", "")
        try:
            services.contact_list_create(
                owner=request.user,
                reach=sender_reach,
                label=list_label,
                member_ids=_ids(request.POST.getlist("membres")),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, texts.CONTACT_SAVED)
            return redirect("messagerie:carnet")
    entries = carnet_entries(owner=request.user, reach=sender_reach, groups=groups)
    saved_groups = {e.contact.group_key for e in entries if e.kind == Contact.Kind.GROUP}
    return render(
        request,
        "messagerie/carnet.html",
        _layout(
            request,
            {
                "people": [e for e in entries if e.kind == Contact.Kind.PERSON],
                "groups": [e for e in entries if e.kind == Contact.Kind.GROUP],
                "lists": [e for e in entries if e.kind == Contact.Kind.LIST],
                "offered_groups": [g for g in groups.values() if g.key not in saved_groups],
                "errors": errors,
                "list_label": list_label,
                "max_contacts": services.MAX_CONTACTS,
                "max_members": services.MAX_LIST_MEMBERS,
                "folder": "carnet",
            },
        ),
        status=400 if errors else 200,
    )


@login_required
@require_POST
def carnet_add(request):
    """Adds a person (``personne``: from the annuaire, a received message) or a group
    (``groupe``) to the carnet, if the rules allow writing to them."""
    sender_reach = reach(school_role_of_request(request))
    person_id = _int(request.POST.get("personne"))
    group_key = request.POST.get("groupe", "")[:80]
    try:
        if person_id is not None:
            contact, created = services.contact_add_person(
                owner=request.user, reach=sender_reach, person_id=person_id
            )
        elif group_key:
            contact, created = services.contact_add_group(
                owner=request.user, groups=groups_for(sender_reach), group_key=group_key
            )
        else:
            raise ValidationError(texts.CONTACT_NOTHING)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        text = texts.CONTACT_ADDED if created else texts.CONTACT_ALREADY
        messages.success(request, text % {"name": services.contact_name(contact)})
    return _back(request, reverse("messagerie:carnet"))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_edit(request, pk: int):
    contact = contact_of_owner(owner=request.user, pk=pk)
    sender_reach = reach(school_role_of_request(request))
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.contact_update(
                contact=contact,
                reach=sender_reach,
                label=request.POST.get("nom", ""),
                member_ids=_ids(request.POST.getlist("membres"))
                if contact.kind == Contact.Kind.LIST
                else None,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, texts.CONTACT_SAVED)
            return redirect("messagerie:carnet")
    entries = carnet_entries(
        owner=request.user, reach=sender_reach, groups=groups_for(sender_reach)
    )
    member_ids = {m.pk for m in contact.members.all()}
    return render(
        request,
        "messagerie/contact_edit.html",
        _layout(
            request,
            {
                "contact": contact,
                "entry": next(e for e in entries if e.pk == contact.pk),
                "candidates": [
                    (e, e.contact.person_id in member_ids)
                    for e in entries
                    if e.kind == Contact.Kind.PERSON
                    and (e.reachable or e.contact.person_id in member_ids)
                ],
                "name": request.POST.get("nom", contact.label) if errors else contact.label,
                "errors": errors,
                "folder": "carnet",
            },
        ),
        status=400 if errors else 200,
    )


@login_required
def contact_delete(request, pk: int):
    contact = contact_of_owner(owner=request.user, pk=pk)  # the owner first: 404 for others
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.contact_delete(contact=contact)
    messages.success(request, texts.CONTACT_DELETED)
    return redirect("messagerie:carnet")


@login_required
def contact_write(request, pk: int):
    """« Écrire » from the carnet: a new draft addressed to the entry, if still reachable."""
    contact = contact_of_owner(owner=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    sender_reach = reach(school_role_of_request(request))
    resolved = services.carnet_resolve(
        owner=request.user,
        reach=sender_reach,
        groups=groups_for(sender_reach),
        contact_ids=[contact.pk],
    )
    if resolved.refused:
        for text in resolved.refused:
            messages.error(request, text)
        return redirect("messagerie:carnet")
    draft = services.draft_save(
        author=request.user, draft=None, subject="", text="",
        user_ids=resolved.user_ids, group_keys=resolved.group_keys,
    )  # fmt: skip
    return redirect("messagerie:draft", pk=draft.pk)
