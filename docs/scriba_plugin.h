/*
 * scriba_plugin.h: the C ABI of scriba exporter plugins, version 1.0.
 *
 * This header mirrors crates/scriba-plugin-abi/src/lib.rs; the test
 * crates/scriba-plugin-host/tests/c_header.rs keeps the two in sync (names, field order,
 * sizes and offsets, constants). docs/plugins.md is the reference for the JSON documents
 * and the compatibility promise.
 *
 * A plugin is a dynamic library named libscriba_<name>.so (Linux), libscriba_<name>.dylib
 * (macOS) or scriba_<name>.dll (Windows) that exports scriba_plugin_entry_v1.
 */
#ifndef SCRIBA_PLUGIN_H
#define SCRIBA_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SCRIBA_PLUGIN_ABI_MAJOR 1
#define SCRIBA_PLUGIN_ABI_MINOR 0
#define SCRIBA_PLUGIN_ENTRY_SYMBOL "scriba_plugin_entry_v1"

#define SCRIBA_STATUS_OK 0
#define SCRIBA_STATUS_ERROR 1
#define SCRIBA_STATUS_PANIC 2

#define SCRIBA_KIND_TEXT 0
#define SCRIBA_KIND_BINARY 1

/* A borrowed UTF-8 string, not NUL-terminated; ptr may be NULL only when len is 0. */
typedef struct ScribaStrV1 {
    const uint8_t *ptr;
    size_t len;
} ScribaStrV1;

/* A buffer allocated by the plugin, handed back to free_buffer exactly once. */
typedef struct ScribaBufferV1 {
    uint8_t *ptr;
    size_t len;
    size_t cookie;
} ScribaBufferV1;

/* One output format. id: [a-z0-9][a-z0-9._-]*, at most 64 bytes. */
typedef struct ScribaFormatDescriptorV1 {
    ScribaStrV1 id;
    ScribaStrV1 name;
    ScribaStrV1 extension;
    ScribaStrV1 media_type;
    ScribaStrV1 description;
    uint32_t kind;
    uint32_t reserved_u32;
    size_t reserved[4];
} ScribaFormatDescriptorV1;

struct ScribaPluginDescriptorV1;

/* Returns a pointer to the plugin's descriptor in static memory; no side effects. */
typedef const struct ScribaPluginDescriptorV1 *(*ScribaEntryFn)(void);

/* Exports: reads the JSON request, stores the JSON response in *response, returns a status.
 * Must be thread-safe and must not keep pointers into the request. */
typedef int32_t (*ScribaExportFn)(size_t format_index, const uint8_t *request, size_t request_len, ScribaBufferV1 *response);

/* Frees a buffer returned by export. */
typedef void (*ScribaFreeBufferFn)(ScribaBufferV1 buffer);

typedef struct ScribaPluginDescriptorV1 {
    uint32_t abi_major;
    uint32_t abi_minor;
    size_t size_of_descriptor;
    ScribaStrV1 name;
    ScribaStrV1 version;
    ScribaStrV1 schema_version;
    const ScribaFormatDescriptorV1 *formats;
    size_t formats_len;
    ScribaExportFn export_fn;
    ScribaFreeBufferFn free_buffer;
    void *plugin_data;
    size_t reserved[8];
} ScribaPluginDescriptorV1;

/* Every plugin defines this function. */
const ScribaPluginDescriptorV1 *scriba_plugin_entry_v1(void);

#ifdef __cplusplus
}
#endif

#endif /* SCRIBA_PLUGIN_H */
