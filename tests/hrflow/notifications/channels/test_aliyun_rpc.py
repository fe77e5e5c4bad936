"""Aliyun's RPC signature, pinned to the worked example in Aliyun's own documentation."""

from hrflow.notifications.channels.aliyun_rpc import percent_encode, signature, string_to_sign

# "Signature mechanism" (RPC APIs): DescribeRegions signed with AccessKey
# testid / testsecret.
DOCUMENTED_PARAMS = {
    "TimeStamp": "2016-02-23T12:46:24Z",
    "Format": "XML",
    "AccessKeyId": "testid",
    "Action": "DescribeRegions",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
    "Version": "2014-05-26",
    "SignatureVersion": "1.0",
}


def test_signature_matches_the_documented_example():
    """Client and simulator share this code; the documented value keeps both honest."""
    assert string_to_sign("GET", DOCUMENTED_PARAMS) == (
        "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML"
        "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"
        "%26SignatureVersion%3D1.0%26TimeStamp%3D2016-02-23T12%253A46%253A24Z"
        "%26Version%3D2014-05-26"
    )
    assert signature("GET", DOCUMENTED_PARAMS, "testsecret") == "CT9X0VtwR86fNWSnsc6v8YGOjuE="


def test_percent_encoding_is_rfc3986_not_form_encoding():
    """Space is %20 (never +), * is encoded, ~ is not, and Chinese is UTF-8 bytes."""
    assert percent_encode("a b*c~d/e") == "a%20b%2Ac~d%2Fe"
    assert percent_encode("面试") == "%E9%9D%A2%E8%AF%95"
