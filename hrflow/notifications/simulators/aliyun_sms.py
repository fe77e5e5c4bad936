"""A local Aliyun SMS (dysmsapi 2017-05-25): SendSms and QuerySendDetails over real HTTP.

It checks what the real service checks first - the AccessKeyId, the
signature (hrflow.notifications.channels.aliyun_rpc, pinned to Aliyun's
published example), the nonce and the timestamp - then the phone number, sign
name, template code and variables. It renders what the phone would show
(【sign】 + the registered template filled in), keeps every accepted text with
its BizId and OutId, and answers QuerySendDetails from that store.

Control API (ours, not Aliyun's), under /__sim__/:
    GET  messages         every accepted text, oldest first
    GET  requests         every authenticated API call (Action and parameters)
    POST faults           {"kind", "times", "match": "<Action>", "delay", "code"}
    GET  faults           the faults still waiting
    POST templates        {"code", "text"} registers a template ("${name}" variables)
    GET  config           access keys, sign names, templates
    POST reset            forget texts, requests, nonces and faults; keep the config
Faults apply to authenticated API calls whose Action equals `match` (any when
empty). Kinds: server_error (HTTP 500 InternalError), throttling (Throttling),
code (HTTP 200 with the given Code, e.g. isv.BUSINESS_LIMIT_CONTROL), slow
(accept, then answer after `delay` s), drop (accept, then close the
connection without answering).
"""

import json
import re
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation

from hrflow.notifications.channels.aliyun_rpc import signature, string_to_sign
from hrflow.notifications.events import EVENTS
from hrflow.notifications.simulators.faults import FaultQueue
from hrflow.notifications.simulators.server import (
    ControlError,
    SimRequest,
    SimResponse,
    control_json,
    json_body_object,
    json_response,
)

API_VERSION = "2017-05-25"
DEFAULT_ACCESS_KEYS = {"hrflow-sim-key": "hrflow-sim-secret"}
DEFAULT_SIGN_NAMES = ("hrflow",)
# Templates for the configured codes of events hrflow never texts (no SMS wording):
# registered so that every default code exists, as on a real account.
UNTEXTED_TEMPLATES = {
    "SMS_HRFLOW_APPLICATION_RECEIVED": (
        "${candidate_name}您好，您应聘${company_name}${job_title}职位的申请已收到，"
        "进展可在候选人门户查看。"
    ),
    "SMS_HRFLOW_REJECTED": (
        "${candidate_name}您好，感谢您应聘${company_name}${job_title}职位，本次未能进入下一轮，"
        "详情请查看邮件或候选人门户。"
    ),
    "SMS_HRFLOW_TALENT_POOL_ARCHIVED": (
        "${candidate_name}您好，您应聘${job_title}职位的流程已结束，"
        "${company_name}已将您的简历存入人才库。"
    ),
    "SMS_HRFLOW_MAGIC_LINK": "您的${company_name}候选人门户登录链接：${login_link}，请勿转发。",
}


def default_templates() -> dict[str, str]:
    """The templates "approved" for the configured codes (HRFLOW_SMS_TEMPLATES): each
    texted event's own SMS wording in the registration language, `{{ name }}` written
    as Aliyun's `${name}`. That is what a company registers with Aliyun, so the text
    the simulator delivers is the text hrflow keeps in its outbox."""
    templates = dict(UNTEXTED_TEMPLATES)
    with translation.override(str(settings.HRFLOW_SMS_LANGUAGE)):
        for event_code, template_code in settings.HRFLOW_SMS_TEMPLATES.items():
            event = EVENTS.get(event_code)
            if event is not None and event.sms is not None:
                templates[template_code] = PLACEHOLDER.sub(r"${\1}", str(event.sms))
    return templates


FAULT_KINDS = frozenset({"server_error", "throttling", "code", "slow", "drop"})
VARIABLE_MAX_CHARS = 35
TIMESTAMP_SKEW = timedelta(minutes=15)
DAYS_KEPT = 30
BEIJING = ZoneInfo("Asia/Shanghai")
MAINLAND_MOBILE = re.compile(r"^(?:\+86|0086|86)?(1[3-9]\d{9})$")
VARIABLE = re.compile(r"\$\{(\w+)\}")
# hrflow's placeholder (hrflow.notifications.rendering), read here without its models.
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
COMMON_PARAMS = (
    "AccessKeyId",
    "Action",
    "Format",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
)


@dataclass
class SentSms:
    biz_id: str
    out_id: str
    phone: str
    sign_name: str
    template_code: str
    params: dict[str, str]
    content: str  # what the phone shows
    sent_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "sent_at": self.sent_at.isoformat()}

    def detail_dto(self) -> dict[str, Any]:
        """One record as QuerySendDetails lists it (times in Beijing time)."""
        shown = self.sent_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
        return {
            "PhoneNum": self.phone,
            "SendStatus": 3,  # 1 waiting for the receipt, 2 failed, 3 delivered
            "ErrCode": "DELIVERED",
            "TemplateCode": self.template_code,
            "Content": self.content,
            "SendDate": shown,
            "ReceiveDate": shown,
            "OutId": self.out_id,
        }


class AliyunError(Exception):
    def __init__(self, code: str, message: str, status: int = 200) -> None:
        super().__init__(code)
        self.code, self.message, self.status = code, message, status


def mainland_mobile(number: str) -> str | None:
    """13800138000 for "13800138000", "+8613800138000", "008613800138000"; else None."""
    match = MAINLAND_MOBILE.match(number.strip())
    return match.group(1) if match else None


class AliyunSmsSimulator:
    name = "aliyun-sms"

    def __init__(
        self,
        *,
        access_keys: Mapping[str, str] | None = None,
        sign_names: tuple[str, ...] | None = None,
        templates: Mapping[str, str] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.base_url = ""
        self.access_keys = dict(access_keys or DEFAULT_ACCESS_KEYS)
        self.sign_names = set(sign_names or DEFAULT_SIGN_NAMES)
        self.templates = dict(default_templates() if templates is None else templates)
        self.clock = clock
        self.faults = FaultQueue(FAULT_KINDS)
        self._lock = threading.Lock()
        self._sent: list[SentSms] = []
        self._requests: list[dict[str, str]] = []
        self._nonces: set[str] = set()
        self._issued = 0

    # In-process helpers (the control API calls these too).

    def messages(self) -> list[SentSms]:
        with self._lock:
            return list(self._sent)

    def requests(self) -> list[dict[str, str]]:
        with self._lock:
            return list(self._requests)

    def reset(self) -> None:
        with self._lock:
            self._sent.clear()
            self._requests.clear()
            self._nonces.clear()
        self.faults.clear()

    # HTTP.

    def handle(self, request: SimRequest) -> SimResponse:
        if request.path.startswith("/__sim__/"):
            return self._control(request)
        params = {**request.query, **request.form()}
        request_id = str(uuid.uuid4()).upper()
        try:
            if request.path not in ("", "/"):
                raise AliyunError("InvalidAction.NotFound", "Specified api is not found.", 404)
            self._authenticate(request.method, params)
            with self._lock:
                self._requests.append({k: v for k, v in params.items() if k != "Signature"})
            fault = self.faults.take(params["Action"])
            if fault is not None and fault.kind == "server_error":
                raise AliyunError("InternalError", "The request processing has failed.", 500)
            if fault is not None and fault.kind == "throttling":
                raise AliyunError(
                    "Throttling", "Request was denied due to request throttling.", 400
                )
            if fault is not None and fault.kind == "code":
                raise AliyunError(fault.code, "injected by the simulator")
            answer = self._dispatch(params)
        except AliyunError as error:
            return json_response(
                error.status,
                {
                    "RequestId": request_id,
                    "HostId": "dysmsapi.aliyuncs.com",
                    "Code": error.code,
                    "Message": error.message,
                },
            )
        response = json_response(200, {"RequestId": request_id, **answer})
        # A slow or dropped answer comes after the text was accepted: the
        # state our client must reconcile with was_sent.
        if fault is not None and fault.kind == "slow":
            response.delay = fault.delay
        if fault is not None and fault.kind == "drop":
            response.drop = True
        return response

    def _authenticate(self, method: str, params: dict[str, str]) -> None:
        for name in COMMON_PARAMS:
            if not params.get(name):
                raise AliyunError(f"Missing{name}", f"{name} is mandatory for this action.", 400)
        if params["Version"] != API_VERSION:
            raise AliyunError("InvalidVersion", "Specified parameter Version is not valid.", 400)
        if params["SignatureMethod"] != "HMAC-SHA1" or params["SignatureVersion"] != "1.0":
            raise AliyunError("IncompleteSignature", "The request signature is malformed.", 400)
        secret = self.access_keys.get(params["AccessKeyId"])
        if secret is None:
            raise AliyunError(
                "InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404
            )
        if params["Signature"] != signature(method, params, secret):
            raise AliyunError(
                "SignatureDoesNotMatch",
                "Specified signature is not matched with our calculation. "
                f"server string to sign is:{string_to_sign(method, params)}",
                400,
            )
        try:
            stamp = datetime.strptime(params["Timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        except ValueError:
            stamp = None
        if stamp is None or abs(self.clock() - stamp) > TIMESTAMP_SKEW:
            raise AliyunError(
                "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.", 400
            )
        with self._lock:
            if params["SignatureNonce"] in self._nonces:
                raise AliyunError(
                    "SignatureNonceUsed", "Specified signature nonce was used already.", 400
                )
            self._nonces.add(params["SignatureNonce"])

    def _dispatch(self, params: dict[str, str]) -> dict[str, Any]:
        if params["Action"] == "SendSms":
            return self._send_sms(params)
        if params["Action"] == "QuerySendDetails":
            return self._query_send_details(params)
        raise AliyunError("InvalidAction.NotFound", "Specified api is not found.", 404)

    def _send_sms(self, params: dict[str, str]) -> dict[str, Any]:
        _require(params, "PhoneNumbers", "SignName", "TemplateCode")
        phones = [mainland_mobile(number) for number in params["PhoneNumbers"].split(",")]
        if not all(phones):
            raise AliyunError("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号")
        if params["SignName"] not in self.sign_names:
            raise AliyunError("isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名")
        template = self.templates.get(params["TemplateCode"])
        if template is None:
            raise AliyunError("isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板")
        values = _template_values(params.get("TemplateParam", ""))
        missing = set(VARIABLE.findall(template)) - set(values)
        if missing:
            raise AliyunError("isv.TEMPLATE_MISSING_PARAMETERS", "模版缺少变量")
        if any(len(value) > VARIABLE_MAX_CHARS for value in values.values()):
            raise AliyunError("isv.PARAM_LENGTH_LIMIT", "参数超出长度限制")
        text = VARIABLE.sub(lambda match: values[match.group(1)], template)
        with self._lock:
            self._issued += 1
            biz_id = f"{900000000000000 + self._issued}^0"
            for phone in phones:
                self._sent.append(
                    SentSms(
                        biz_id=biz_id,
                        out_id=params.get("OutId", ""),
                        phone=str(phone),
                        sign_name=params["SignName"],
                        template_code=params["TemplateCode"],
                        params=values,
                        content=f"【{params['SignName']}】{text}",
                        sent_at=self.clock(),
                    )
                )
        return {"Code": "OK", "Message": "OK", "BizId": biz_id}

    def _query_send_details(self, params: dict[str, str]) -> dict[str, Any]:
        _require(params, "PhoneNumber", "SendDate", "PageSize", "CurrentPage")
        phone = mainland_mobile(params["PhoneNumber"])
        if phone is None:
            raise AliyunError("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号")
        try:
            day = datetime.strptime(params["SendDate"], "%Y%m%d").replace(tzinfo=BEIJING).date()
            page_size, page = int(params["PageSize"]), int(params["CurrentPage"])
        except ValueError:
            raise AliyunError("isv.INVALID_PARAMETERS", "参数异常") from None
        today = self.clock().astimezone(BEIJING).date()
        if not 1 <= page_size <= 50 or page < 1 or not 0 <= (today - day).days < DAYS_KEPT:
            raise AliyunError("isv.INVALID_PARAMETERS", "参数异常")
        with self._lock:
            found = [
                sms
                for sms in reversed(self._sent)
                if sms.phone == phone
                and sms.sent_at.astimezone(BEIJING).date() == day
                and params.get("BizId", sms.biz_id) == sms.biz_id
            ]
        shown = found[(page - 1) * page_size : page * page_size]
        return {
            "Code": "OK",
            "Message": "OK",
            "TotalCount": len(found),
            "SmsSendDetailDTOs": {"SmsSendDetailDTO": [sms.detail_dto() for sms in shown]},
        }

    # Control API.

    def _control(self, request: SimRequest) -> SimResponse:
        route = (request.method, request.path.removeprefix("/__sim__/").rstrip("/"))
        try:
            if route == ("GET", "messages"):
                return control_json({"messages": [sms.to_json() for sms in self.messages()]})
            if route == ("GET", "requests"):
                return control_json({"requests": self.requests()})
            if route == ("GET", "faults"):
                return control_json({"faults": self.faults.pending()})
            if route == ("POST", "faults"):
                fault = self.faults.add(json_body_object(request))
                return control_json({"fault": fault.to_json()}, 201)
            if route == ("POST", "templates"):
                body = json_body_object(request)
                if not isinstance(body.get("code"), str) or not isinstance(body.get("text"), str):
                    raise ControlError("a template needs a code and a text")
                self.templates[body["code"]] = body["text"]
                return control_json({"code": body["code"], "text": body["text"]}, 201)
            if route == ("GET", "config"):
                return control_json(
                    {
                        "access_keys": self.access_keys,
                        "sign_names": sorted(self.sign_names),
                        "templates": self.templates,
                    }
                )
            if route == ("POST", "reset"):
                self.reset()
                return control_json({"reset": True})
        except ControlError as error:
            return control_json({"error": str(error)}, 400)
        return control_json({"error": f"no control endpoint {request.method} {request.path}"}, 404)


def _require(params: dict[str, str], *names: str) -> None:
    for name in names:
        if not params.get(name):
            raise AliyunError(f"Missing{name}", f"{name} is mandatory for this action.", 400)


def _template_values(text: str) -> dict[str, str]:
    try:
        values = json.loads(text) if text else {}
    except ValueError:
        values = None
    if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
        raise AliyunError("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值")
    return values
