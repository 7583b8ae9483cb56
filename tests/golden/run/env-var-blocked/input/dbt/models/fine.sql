select '{{ env_var("FLOE_PLATFORM_ENV") }}' as env
