"""Informations: the list of current news, each news' page and image (for its audience), and
the staff's pages: Mes informations, write, edit, delete, the direction's validation. Thin
views: a form, one service, a message, a redirect; a news the user may not see is a 404."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.school import SchoolRole, school_role_of_request

from . import messages as texts
from . import rules, selectors
from .forms import DecisionForm, NewsForm
from .http import image_response
from .models import News
from .services import news_create, news_delete, news_refuse, news_update, news_validate


def _readable_or_404(request, news_id: int) -> News:
    news = selectors.news_readable(user=request.user, news_id=news_id)
    if news is None:
        raise Http404("Information introuvable.")
    return news


def writers_only(view):
    """The staff's pages: ``view(request, role, establishment_id, …)`` for a writer of news,
    a page explaining who writes news (403) for anybody else."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        role = school_role_of_request(request)
        establishment_id = rules.writer_establishment_id(role, request.user)
        if establishment_id is None:
            return render(
                request, "actualites/writers_only.html", {"message": texts.WRITERS_ONLY}, status=403
            )
        return view(request, role, establishment_id, *args, **kwargs)

    return wrapped


def _managed_or_404(request, news_id: int) -> tuple[SchoolRole, News]:
    news = _readable_or_404(request, news_id)
    role = school_role_of_request(request)
    if not rules.may_manage(role, request.user, news):
        raise Http404("Information introuvable.")
    return role, news


@login_required
@require_http_methods(["GET", "HEAD"])
def news_list(request):
    """Toutes les informations: the current news addressed to the user, newest first."""
    role = school_role_of_request(request)
    return render(
        request,
        "actualites/list.html",
        {
            "page": selectors.news_current_page(user=request.user, page=request.GET.get("page")),
            "is_writer": rules.writer_establishment_id(role, request.user) is not None,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def news_detail(request, news_id: int):
    news = _readable_or_404(request, news_id)
    role = school_role_of_request(request)
    return render(
        request,
        "actualites/detail.html",
        {
            "news": news,
            "may_manage": rules.may_manage(role, request.user, news),
            "may_validate": rules.may_validate(role, news) and news.status == News.Status.PENDING,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def news_image(request, news_id: int):
    news = _readable_or_404(request, news_id)
    if not news.image:
        raise Http404("Cette information n'a pas d'image.")
    return image_response(news)


@login_required
@require_http_methods(["GET", "HEAD"])
@writers_only
def news_mine(request, role: SchoolRole, establishment_id: int):
    """Mes informations: the author's own news in every state; the direction's queue."""
    return render(
        request,
        "actualites/mine.html",
        {
            "own": selectors.news_of_author(user=request.user),
            "pending": selectors.news_pending_for(role=role),
            "published": selectors.news_published_of_establishment(role=role),
            "is_direction": role.is_direction,
        },
    )


def _form_page(request, template: str, form: NewsForm, **extra):
    return render(request, f"actualites/{template}", {"form": form, **extra})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@writers_only
def news_write(request, role: SchoolRole, establishment_id: int):
    options = selectors.audience_options(establishment_id=establishment_id)
    form = NewsForm(request.POST or None, request.FILES or None, options=options)
    publishes = rules.publishes_directly(role)
    if request.method == "POST" and form.is_valid():
        try:
            news = news_create(
                author=request.user,
                establishment_id=establishment_id,
                publishes=publishes,
                content=form.content(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, texts.CREATED_PUBLISHED if publishes else texts.CREATED_PENDING
            )
            return redirect("actualites:detail", news_id=news.pk)
    return _form_page(request, "form.html", form, publishes=publishes, news=None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def news_edit(request, news_id: int):
    role, news = _managed_or_404(request, news_id)
    options = selectors.audience_options(establishment_id=news.establishment_id)
    form = NewsForm(request.POST or None, request.FILES or None, options=options, news=news)
    publishes = rules.publishes_directly(role)
    if request.method == "POST" and form.is_valid():
        try:
            news_update(news=news, editor=request.user, publishes=publishes, content=form.content())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, texts.UPDATED_PUBLISHED if publishes else texts.UPDATED_PENDING
            )
            return redirect("actualites:detail", news_id=news.pk)
    return _form_page(request, "form.html", form, publishes=publishes, news=news)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def news_remove(request, news_id: int):
    _, news = _managed_or_404(request, news_id)
    if request.method == "POST":
        news_delete(news=news, actor=request.user)
        messages.success(request, texts.DELETED)
        return redirect("actualites:mine")
    return render(request, "actualites/delete.html", {"news": news})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def news_decide(request, news_id: int):
    """The direction publishes or refuses (with a message the author reads) a pending news."""
    news = _readable_or_404(request, news_id)
    role = school_role_of_request(request)
    if not rules.may_validate(role, news):
        raise Http404("Information introuvable.")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if "refuse" in request.POST:
                news_refuse(news=news, validator=request.user, message=form.cleaned_data["message"])
                messages.success(request, texts.REFUSED)
            else:
                news_validate(news=news, validator=request.user)
                messages.success(request, texts.VALIDATED)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("actualites:mine")
    return render(request, "actualites/decide.html", {"news": news, "form": form})
