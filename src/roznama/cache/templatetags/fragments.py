"""``{% fragment "name" %}…{% endfragment %}``: the HTML inside, kept between renders.

The page's view decides whether fragments are used and under which key (see
``roznama.cache.fragments``) and hands a ``fragments`` object to the template; without one
the tag simply renders what it holds.
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


class FragmentNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, name: str, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        fragments = context.get("fragments")
        if fragments is None:
            return self.nodelist.render(context)
        html = fragments.get(self.name)
        if html is None:
            html = self.nodelist.render(context)
            fragments.store(self.name, html)
        return mark_safe(html)  # nosec B308, B703 - the page's own rendered template output, kept in the cache


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('{% fragment "name" %} takes one quoted name')
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(bits[1][1:-1], nodelist)
