# Runs the reference's verify_webhook, copied verbatim from the API reference (Webhooks,
# "Webhook Signature Verification"), on {"payload", "signature", "secret"} read as JSON from
# stdin, and prints True or False.
import json
import sys

import hmac
import hashlib

def verify_webhook(payload, signature, secret):
    expected = hmac.new(
        secret.encode(),
        payload.encode(),
        hashlib.sha256
    ).hexdigest()
    
    return hmac.compare_digest(
        f"sha256={expected}",
        signature
    )


args = json.load(sys.stdin)
print(verify_webhook(args["payload"], args["signature"], args["secret"]))
