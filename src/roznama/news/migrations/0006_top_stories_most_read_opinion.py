"""Top stories replace the single lead story; reads are counted; sections can be opinion.

A home page's chosen lead becomes its first top story, pinned (it was kept in place before
too), in the table and in the page's latest and live revisions, so that the editor who next
opens the page, or publishes an older draft, does not lose it.
"""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


def lead_story_to_top_story(apps, schema_editor):
    HomePage = apps.get_model("news", "HomePage")
    TopStory = apps.get_model("news", "TopStory")
    Revision = apps.get_model("wagtailcore", "Revision")
    for home in HomePage.objects.exclude(lead_story=None):
        top = TopStory.objects.create(home=home, story_id=home.lead_story_id, pinned=True, sort_order=0)
        row = {"pk": top.pk, "home": home.pk, "story": home.lead_story_id, "pinned": True,
               "expires_at": None, "sort_order": 0}
        for revision_id in {home.latest_revision_id, home.live_revision_id} - {None}:
            revision = Revision.objects.filter(pk=revision_id).first()
            if revision is None:
                continue
            content = dict(revision.content)
            content.pop("lead_story", None)
            content["top_stories"] = [row]
            revision.content = content
            revision.save(update_fields=["content"])


def top_story_to_lead_story(apps, schema_editor):
    HomePage = apps.get_model("news", "HomePage")
    TopStory = apps.get_model("news", "TopStory")
    for home in HomePage.objects.all():
        first = TopStory.objects.filter(home=home).order_by("sort_order").first()
        if first is not None:
            HomePage.objects.filter(pk=home.pk).update(lead_story_id=first.story_id)


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0005_search_stemming_on_sqlite'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='sectionpage',
            name='is_opinion',
            field=models.BooleanField(default=False, help_text="Columns and editorials: shown in the home page's Opinion block, with their writers.", verbose_name='opinion section'),
        ),
        migrations.CreateModel(
            name='TopStory',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('pinned', models.BooleanField(default=False, help_text='Keep this story in its place however much newer the others are.', verbose_name='pinned')),
                ('expires_at', models.DateTimeField(blank=True, help_text='Optional: the time the story leaves the top stories by itself.', null=True, verbose_name='leaves the top stories at')),
                ('home', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='top_stories', to='news.homepage')),
                ('story', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='news.articlepage', verbose_name='story')),
            ],
            options={
                'verbose_name': 'top story',
                'verbose_name_plural': 'top stories',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='ReadCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('hour', models.DateTimeField()),
                ('reads', models.PositiveIntegerField(default=0)),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='news.articlepage')),
            ],
            options={
                'indexes': [models.Index(fields=['hour'], name='read_count_hour')],
                'constraints': [models.UniqueConstraint(fields=('article', 'hour'), name='read_count_one_row_an_hour')],
            },
        ),
        migrations.RunPython(lead_story_to_top_story, top_story_to_lead_story),
        migrations.RemoveField(
            model_name='homepage',
            name='lead_story',
        ),
    ]
