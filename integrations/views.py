"""The webhook endpoint: `/integrations/webhooks/<connection uuid>/`.

Public by nature (vendors call it), so it is cheap before it is careful: the
connection is found by an unguessable UUID, the body is read only up to a cap,
and everything else is the adapter's signature check on the raw bytes.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hrflow.core.client_ip import client_ip
from integrations.connections import adapter_for
from integrations.errors import ConfigError
from integrations.models import VendorConnection
from integrations.parsing import ascii_int
from integrations.webhooks import webhook_receive

MAX_BODY_BYTES = 1024 * 1024


@csrf_exempt
@require_POST
def webhook_view(request: HttpRequest, connection_uuid: str) -> HttpResponse:
    connection = VendorConnection.objects.filter(uuid=connection_uuid).first()
    if connection is None or connection.deleted_at is not None:
        # 410 tells a Standard-Webhooks sender to stop calling this endpoint.
        return JsonResponse({"error": "unknown endpoint"}, status=410)
    length = ascii_int(request.headers.get("Content-Length", ""))
    if length is None:
        return JsonResponse({"error": "Content-Length is required"}, status=411)
    if length > MAX_BODY_BYTES:
        return JsonResponse({"error": "body larger than 1 MB"}, status=413)
    if request.headers.get("Content-Encoding", "identity").lower() not in ("", "identity"):
        return JsonResponse({"error": "compressed bodies are not accepted"}, status=415)
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return JsonResponse({"error": "body larger than 1 MB"}, status=413)
    try:
        adapter = adapter_for(connection)
    except ConfigError as error:
        return JsonResponse({"error": error.message}, status=503)
    try:
        receipt = webhook_receive(
            connection=connection,
            adapter=adapter,
            headers={key.lower(): value for key, value in request.headers.items()},
            query={key: request.GET.get(key, "") for key in request.GET},
            body=body,
            now=timezone.now(),
            client_ip=client_ip(request) or "",
        )
    finally:
        adapter.close()
    return HttpResponse(receipt.body, status=receipt.status, content_type=receipt.content_type)
