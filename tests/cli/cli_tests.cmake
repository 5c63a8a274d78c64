# End-to-end tests of the mesogrid binary, included from tests/CMakeLists.txt: one CTest test cli_CASE per case of
# tests/cli/cli.sh, batch.sh and svg.sh, each script run as "SCRIPT CASE" with the environment below.
set(MESOGRID_CLI_ENV "MESOGRID=$<TARGET_FILE:mesogrid_app>" "DATA=${PROJECT_SOURCE_DIR}/tests/data"
  "SRC=${PROJECT_SOURCE_DIR}" "BUILD=${PROJECT_BINARY_DIR}" "SHARED=${MESOGRID_SHARED_DIR}")
# mesogrid_cli_cases(SCRIPT TIMEOUT CASE...): a test per case (exit 77: skipped; TIMEOUT in seconds, 0: ctest's).
function(mesogrid_cli_cases script timeout)
  if(MESOGRID_SANITIZE)  # sanitized builds run the tool several times slower (maps: rendering, PNG encoding)
    math(EXPR timeout "${timeout} * 3")
  endif()
  foreach(case IN LISTS ARGN)
    add_test(NAME cli_${case} COMMAND bash ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/${script} ${case})
    set_tests_properties(cli_${case} PROPERTIES SKIP_RETURN_CODE 77 ENVIRONMENT "${MESOGRID_CLI_ENV}")
    if(timeout GREATER 0)
      set_tests_properties(cli_${case} PROPERTIES TIMEOUT ${timeout})
    endif()
  endforeach()
endfunction()

mesogrid_cli_cases(cli.sh 0
  version help
  plan_builtin_table plan_builtin_csv plan_builtin_json plan_deterministic plan_dense_ply
  plan_plane_square_100 plan_plane_json_summary plan_coverage plan_units_cm plan_units_in plan_format_from_extension plan_notes_quiet
  regions_plane regions_builtin techniques
  exit1_values exit1_parse forgiving_names help_matches_readme labelled_full_face
  plan_record plan_glb exit1_before_reading exit2_input exit3_plan atomic_output
  planeval_forehead builtin_header_fresh install_consumer zones_flags
  landmarks_plan landmarks_units landmarks_errors landmarks_regions_svg landmarks_batch_compare
  landmarks_ict_acceptance auto_landmarks_acceptance auto_landmarks_errors
  techniques_safety needle_refused session_budget no_zones_warning warnings_once mesh_warnings_in_plan activity)
set_tests_properties(cli_install_consumer cli_landmarks_ict_acceptance cli_auto_landmarks_acceptance
  PROPERTIES TIMEOUT 300)

# ---- batch (tests/cli/batch.sh CASE) ----
mesogrid_cli_cases(batch.sh 300
  batch_mixed batch_jobs_identical batch_threads_refused batch_resume_after_kill batch_shards batch_manifest_errors batch_formats
  batch_rerun_failed_output batch_example batch_maps batch_paths_as_typed)

# ---- maps (plan --format svg, --view, --labels) and compare (tests/cli/svg.sh CASE) ----
mesogrid_cli_cases(svg.sh 300 svg_plan_xml svg_views svg_render svg_textured svg_regions_own_groups compare_table
  compare_svg pdf_outputs svg_warnings_checklist svg_labels_dense needle_marks compare_per_technique)
if(TARGET mesogrid_app)  # the rendered maps of examples/maps, regenerated and diffed (SVGs)
  add_test(NAME examples_maps_regenerate
    COMMAND bash ${PROJECT_SOURCE_DIR}/examples/maps/regenerate.sh $<TARGET_FILE:mesogrid_app> --check)
endif()

# ---- hostile input (tests/cli/hostile.sh CASE) ----
mesogrid_cli_cases(hostile.sh 120
  inputs_not_regular_files outputs_onto_what_exists hostile_strings numbers_at_the_edges closed_streams
  batch_inputs_protected refused_from_the_head)
