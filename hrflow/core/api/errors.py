"""The body of every API error, for the OpenAPI schema (the handler that writes it is
`recruiting.api.errors.exception_handler`, named in the settings)."""

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The body of every error response (for the OpenAPI schema)."""

    message = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
