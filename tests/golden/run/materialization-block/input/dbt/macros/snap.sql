{% materialization snap, default %}
  {{ return({"relations": []}) }}
{% endmaterialization %}
