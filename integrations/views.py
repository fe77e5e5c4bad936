"""The webhook endpoint: `/integrations/webhooks/<connection uuid>/`.

Public by nature (vendors call it), so it is cheap before it is careful: the
connection is found by an unguessable UUID (its adapter kept per process,
integrations.endpoints), the body is read only up to a cap, and everything
else is the adapter's signature check on the raw bytes.
"""

import uuid

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hrflow.core.client_ip import client_ip
from hrflow.core.middleware import machine_endpoint
from hrflow.core.params import parse_digits
from integrations.endpoints import webhook_endpoint
from integrations.errors import ConfigError
from integrations.webhooks import webhook_receive

MAX_BODY_BYTES = 1024 * 1024


@machine_endpoint
@csrf_exempt
@require_POST
def webhook_view(request: HttpRequest, connection_uuid: uuid.UUID) -> HttpResponse:
    try:
        endpoint = webhook_endpoint(connection_uuid)
    except ConfigError as error:
        return JsonResponse({"error": error.message}, status=503)
    if endpoint is None:
        # 410 tells a Standard-Webhooks sender to stop calling this endpoint.
        return JsonResponse({"error": "unknown endpoint"}, status=410)
    length = parse_digits(request.headers.get("Content-Length", ""))
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
        receipt = webhook_receive(
            endpoint=endpoint,
            headers={key.lower(): value for key, value in request.headers.items()},
            query={key: request.GET.get(key, "") for key in request.GET},
            body=body,
            now=timezone.now(),
            client_ip=client_ip(request) or "",
        )
    except ConfigError as error:
        return JsonResponse({"error": error.message}, status=503)
    return HttpResponse(receipt.body, status=receipt.status, content_type=receipt.content_type)
