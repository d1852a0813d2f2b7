// SPDX-License-Identifier: MIT
/* The maptrack handle allocator (see lamina/maptrack.h). */
#include <lamina/errno.h>
#include <lamina/maptrack.h>

void maptrack_init(struct maptrack *mt, struct maptrack_entry **frames, unsigned int max_frames)
{
	mt->frames = frames;
	mt->max_frames = max_frames;
	mt->nr_frames = 0;
	mt->free_head = MAPTRACK_NONE;
	mt->in_use = 0;
}

static struct maptrack_entry *entry_of(struct maptrack *mt, uint32_t handle)
{
	return &mt->frames[handle / MAPTRACK_PER_FRAME][handle % MAPTRACK_PER_FRAME];
}

bool maptrack_wants_frame(const struct maptrack *mt)
{
	return mt->free_head == MAPTRACK_NONE && mt->nr_frames < mt->max_frames;
}

int maptrack_add_frame(struct maptrack *mt, void *frame)
{
	struct maptrack_entry *e = frame;
	uint32_t first = maptrack_limit(mt);

	if (mt->nr_frames == mt->max_frames)
		return -ENOSPC;
	/* Thread the new entries in handle order in front of the existing free list. */
	for (uint32_t i = 0; i < MAPTRACK_PER_FRAME; i++) {
		e[i] = (struct maptrack_entry){.ref = first + i + 1};
	}
	e[MAPTRACK_PER_FRAME - 1].ref = mt->free_head;
	mt->frames[mt->nr_frames++] = e;
	mt->free_head = first;
	return 0;
}

uint32_t maptrack_get(struct maptrack *mt)
{
	uint32_t handle = mt->free_head;
	struct maptrack_entry *e;

	if (handle == MAPTRACK_NONE)
		return MAPTRACK_NONE;
	e = entry_of(mt, handle);
	mt->free_head = e->ref;
	*e = (struct maptrack_entry){.flags = MAPTRACK_RESERVED};
	mt->in_use++;
	return handle;
}

struct maptrack_entry *maptrack_lookup(struct maptrack *mt, uint32_t handle)
{
	struct maptrack_entry *e;

	if (handle >= maptrack_limit(mt))
		return NULL;
	e = entry_of(mt, handle);
	return e->flags ? e : NULL;
}

int maptrack_put(struct maptrack *mt, uint32_t handle)
{
	struct maptrack_entry *e = maptrack_lookup(mt, handle);

	if (!e)
		return -EINVAL;
	*e = (struct maptrack_entry){.ref = mt->free_head};
	mt->free_head = handle;
	mt->in_use--;
	return 0;
}
