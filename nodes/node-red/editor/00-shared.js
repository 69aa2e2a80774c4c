/*
 * Editor-side helpers shared by every SecureEdge node (browser code; assembled into
 * secureedge.html by scripts/build-node-red-editor.mjs). Everything hangs off one global,
 * window.SecureEdgeEditor, so the per-node parts stay short: the checks are in
 * 00-validation.js (SecureEdgeEditor.validate), the device's lists in 02-device-lists.js, the
 * spec form of create and redeploy in 03-spec-lists.js.
 */
(function () {
  'use strict';

  var CATEGORY = 'SecureEdge';
  var COLOR = '#7fc3e8';
  var TARGET_TYPES = ['str', 'msg', 'flow', 'global', 'env', 'jsonata'];
  /** Which core rule a fixed target text must follow. */
  var TARGET_RULES = { container: 'containerName', image: 'imageName', tag: 'imageTag', volume: 'volumeName' };

  function validation() {
    return window.SecureEdgeValidation;
  }

  /**
   * Every target behaves the same in every node: a text, empty by default, where empty means
   * msg.<target> (the placeholder says so); the type is kept in `<t>Type`. `targets` is a list of
   * names, or (for hand-written parts) an object whose keys are the names.
   */
  function targetNames(targets) {
    return Array.isArray(targets) ? targets : Object.keys(targets || {});
  }

  function targetDefaults(names) {
    var d = {};
    names.forEach(function (t) {
      d[t] = { value: '', validate: validation().target(t, TARGET_RULES[t]) };
      d[t + 'Type'] = { value: 'str' };
    });
    return d;
  }

  /** Turn each target's text input into a typedInput whose type is kept in #node-input-<t>Type, checked as typed. */
  function setupTargets(names) {
    names.forEach(function (t) {
      var input = $('#node-input-' + t);
      if (!input.length) return;
      input.attr('placeholder', 'empty: msg.' + t);
      input.typedInput({ default: 'str', types: TARGET_TYPES, typeField: '#node-input-' + t + 'Type' });
      validation().markTarget(t, TARGET_RULES[t]);
    });
  }

  /** "web" for a fixed target, "msg.container" / "flow.app" / ... otherwise. */
  function describeTarget(node, t) {
    var type = node[t + 'Type'] || 'msg';
    var value = node[t];
    if (type === 'str') return value ? value : 'msg.' + t;
    if (type === 'msg') return 'msg.' + (value || t);
    if (type === 'jsonata') return 'expression';
    return type + '.' + value;
  }

  /** "status web", "details msg.image:msg.tag", "list containers + state". */
  function defaultLabel(opts, names) {
    return function () {
      var node = this;
      var parts = names.map(function (t) {
        return describeTarget(node, t);
      });
      var flags = (opts.checkboxes || [])
        .filter(function (c) {
          return node[c.name] && c.labelSuffix;
        })
        .map(function (c) {
          return c.labelSuffix;
        });
      return [opts.verb].concat(parts.length ? [parts.join(':')] : []).concat(flags).join(' ');
    };
  }

  /**
   * Register an operation node. opts: paletteLabel, icon, verb (label prefix) or label() (called on
   * the node), targets, checkboxes [{name, labelSuffix}], defaults, outputLabel, oneditprepare, oneditsave.
   */
  function registerOperation(type, opts) {
    var names = targetNames(opts.targets);
    var checkboxDefaults = {};
    (opts.checkboxes || []).forEach(function (c) {
      checkboxDefaults[c.name] = { value: false };
    });
    var label = opts.label || defaultLabel(opts, names);
    RED.nodes.registerType(type, {
      category: CATEGORY,
      color: COLOR,
      defaults: $.extend(
        { name: { value: '' }, device: { value: '', type: 'secureedge-device', required: true } },
        targetDefaults(names),
        checkboxDefaults,
        opts.defaults || {},
      ),
      inputs: 1,
      outputs: 1,
      icon: opts.icon,
      paletteLabel: opts.paletteLabel,
      inputLabels: opts.inputLabel || 'msg',
      outputLabels: opts.outputLabel || 'msg.payload: result',
      label: function () {
        return this.name || label.call(this);
      },
      labelStyle: function () {
        return this.name ? 'node_label_italic' : '';
      },
      oneditprepare: function () {
        setupTargets(names);
        if ($('#node-input-container-choice').length) window.SecureEdgeEditor.setupContainerPicker();
        if (opts.oneditprepare) opts.oneditprepare.call(this);
      },
      oneditsave: function () {
        if (opts.oneditsave) opts.oneditsave.call(this);
      },
    });
  }

  window.SecureEdgeEditor = Object.assign(window.SecureEdgeEditor || {}, {
    CATEGORY: CATEGORY,
    COLOR: COLOR,
    STATES: window.SecureEdgeRules.RUNNING_STATES,
    DEFAULTS: window.SecureEdgeRules.DEFAULTS,
    TARGET_RULES: TARGET_RULES,
    registerOperation: registerOperation,
    describeTarget: describeTarget,
  });
})();
