#ifndef LUAKIT_POOL_H
#define LUAKIT_POOL_H

#include <stdlib.h>
#include <string.h>

/* Free lists of small blocks for one Lua state. Most of what Lua allocates is small and
 * short-lived (a row table, its hash part, a string); keeping freed blocks by size class
 * makes the next allocation a list pop instead of a trip through malloc. A state runs on
 * one thread at a time, so no locking. At most POOL_RETAIN bytes wait in the lists;
 * beyond that, blocks go back to malloc. */
enum {
    POOL_GRANULE = 16,
    POOL_CLASSES = 16,
    POOL_LARGEST = POOL_GRANULE * POOL_CLASSES,
    POOL_RETAIN = 16 << 20,
};

typedef struct pool_block {
    struct pool_block *next;
} pool_block;

typedef struct {
    pool_block *free[POOL_CLASSES];
    size_t retained;
} luakit_pool;

static inline size_t pool_class(size_t size) { return (size - 1) / POOL_GRANULE; }

/* A block of at least `size` bytes (a whole class for small sizes), or NULL. */
static inline void *pool_take(luakit_pool *pool, size_t size) {
    if (size > POOL_LARGEST) return malloc(size);
    size_t class = pool_class(size);
    pool_block *block = pool->free[class];
    if (block == NULL) return malloc((class + 1) * POOL_GRANULE);
    pool->free[class] = block->next;
    pool->retained -= (class + 1) * POOL_GRANULE;
    return block;
}

/* Gives back a block Lua knew as `size` bytes. */
static inline void pool_give(luakit_pool *pool, void *block, size_t size) {
    if (block == NULL) return;
    if (size > POOL_LARGEST || pool->retained >= POOL_RETAIN) {
        free(block);
        return;
    }
    size_t class = pool_class(size);
    pool_block *freed = block;
    freed->next = pool->free[class];
    pool->free[class] = freed;
    pool->retained += (class + 1) * POOL_GRANULE;
}

/* Lua's realloc: `block` (NULL for a new one) from `old_size` to `new_size` > 0 bytes.
 * Shrinking never fails, as Lua requires (manual §4.6). */
static inline void *pool_resize(luakit_pool *pool, void *block, size_t old_size, size_t new_size) {
    if (block == NULL) return pool_take(pool, new_size);
    if (old_size <= POOL_LARGEST && new_size <= POOL_LARGEST && pool_class(old_size) == pool_class(new_size))
        return block;
    if (old_size > POOL_LARGEST) {
        /* A large block, growing or shrinking (into a class, then at the class's size). */
        size_t size = new_size > POOL_LARGEST ? new_size : (pool_class(new_size) + 1) * POOL_GRANULE;
        void *resized = realloc(block, size);
        /* realloc may fail even to shrink; the old block, larger than asked, still serves. */
        if (resized == NULL && new_size < old_size) return block;
        return resized;
    }
    void *moved = pool_take(pool, new_size);
    if (moved == NULL) {
        if (new_size < old_size) return block; /* the block is larger than asked: still a valid answer */
        return NULL;
    }
    memcpy(moved, block, old_size < new_size ? old_size : new_size);
    pool_give(pool, block, old_size);
    return moved;
}

/* Frees every block waiting in the lists (after lua_close). */
static inline void pool_drain(luakit_pool *pool) {
    for (int class = 0; class < POOL_CLASSES; class++) {
        while (pool->free[class]) {
            pool_block *block = pool->free[class];
            pool->free[class] = block->next;
            free(block);
        }
    }
    pool->retained = 0;
}

#endif
