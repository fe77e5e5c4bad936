from django.http import HttpRequest

from hrflow.web.navigation import nav_items_for


def navigation(request: HttpRequest) -> dict[str, object]:
    """Give the base layout the menu of the signed-in user (nothing when signed out)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    return {"nav_items": nav_items_for(user), "nav_current": current}  # type: ignore[arg-type]
