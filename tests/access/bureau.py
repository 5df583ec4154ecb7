"""Le bureau in the access walk: parent B's note, task and favori, which parent A must not reach
(404); parent B reaches them (the edit pages 200, the POST-only URLs 405 on GET)."""

from __future__ import annotations

from accounts.models import User
from bureau.models import Favorite, Note, Task


def bureau_world(*, parent_b: User) -> dict:
    return {
        "note_b": Note.objects.create(owner=parent_b, title="Note de B", text="privé"),
        "task_b": Task.objects.create(owner=parent_b, title="Tâche de B"),
        "favorite_b": Favorite.objects.create(
            owner=parent_b, title="Lien de B", url="https://example.org/b"
        ),
    }


def bureau_checks(check_class) -> dict:
    def note(w):
        return {"note_id": w["note_b"].pk}

    def task(w):
        return {"task_id": w["task_b"].pk}

    def favorite(w):
        return {"favorite_id": w["favorite_b"].pk}

    return {
        "bureau:note_edit": check_class("parent_a", note, "parent_b", note),
        "bureau:note_delete": check_class("parent_a", note, "parent_b", note, owner_status=405),
        "bureau:task_toggle": check_class("parent_a", task, "parent_b", task, owner_status=405),
        "bureau:task_delete": check_class("parent_a", task, "parent_b", task, owner_status=405),
        "bureau:favorite_edit": check_class("parent_a", favorite, "parent_b", favorite),
        **{
            f"bureau:{name}": check_class(
                "parent_a", favorite, "parent_b", favorite, owner_status=405
            )
            for name in ("favorite_up", "favorite_down", "favorite_delete")
        },
    }
