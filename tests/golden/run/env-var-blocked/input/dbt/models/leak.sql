select '{{ env_var("FLOE_SECRETS_KEY", "none") }}' as k
