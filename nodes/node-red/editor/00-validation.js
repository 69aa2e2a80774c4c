/*
 * Field checks for every SecureEdge dialog, with core's own rules and words: window.SecureEdgeRules
 * is written by the build from core/rules.ts (RULES, PORT_MIN/MAX, RUNNING_STATES, DEFAULTS and
 * core's checkText), so the editor and the runtime cannot disagree (test/architecture/rules-drift).
 *
 * Each check returns a message ("container name must not contain ...") or undefined when the value
 * is fine. The same checks serve two places: Node-RED's `validate` (2 arguments, so a message
 * string flags the node before deploy and names the problem) and the live marks under each field
 * and row while the user types (markField / markRow).
 */
(function () {
  'use strict';

  var R = window.SecureEdgeRules;

  function text(ruleName, value) {
    var rule = R.RULES[ruleName];
    var why = R.checkText(rule, String(value));
    return why ? rule.label + ' ' + why : undefined;
  }

  function port(label, value) {
    var s = value === undefined || value === null ? '' : String(value).trim();
    if (s === '') return label + ' must not be empty';
    var n = Number(s);
    if (!/^\d+$/.test(s) || n < R.PORT_MIN || n > R.PORT_MAX) {
      return label + ' must be a whole number from ' + R.PORT_MIN + ' to ' + R.PORT_MAX;
    }
    return undefined;
  }

  /** A number of seconds; empty means the default. */
  function seconds(label, value) {
    var s = value === undefined || value === null ? '' : String(value).trim();
    if (s === '') return undefined;
    var n = Number(s);
    return isFinite(n) && n > 0 ? undefined : label + ' must be a positive number of seconds';
  }

  /** Comma-separated network names; empty means none. */
  function networks(value) {
    var names = String(value || '')
      .split(',')
      .map(function (n) {
        return n.trim();
      })
      .filter(Boolean);
    for (var i = 0; i < names.length; i++) {
      var why = text('networkName', names[i]);
      if (why) return why + ' (got "' + names[i] + '")';
    }
    return undefined;
  }

  // ---- spec list rows: each returns {field: message} for one row, given the rows before it ----

  var ROWS = {
    ports: {
      title: 'Ports',
      check: function (row, before) {
        var out = {};
        out.containerPort = port('container port', row.containerPort);
        out.routerPort = port('router port', row.routerPort);
        var key = String(row.routerPort).trim() + '/' + (row.protocol || 'tcp');
        if (!out.routerPort && before.some(function (b) { return String(b.routerPort).trim() + '/' + (b.protocol || 'tcp') === key; })) {
          out.routerPort = 'router port ' + key + ' is mapped twice';
        }
        if (R.PROTOCOLS.indexOf(row.protocol || 'tcp') < 0) out.protocol = "protocol must be 'tcp' or 'udp'";
        return out;
      },
    },
    volumes: {
      title: 'Volumes',
      check: function (row) {
        return { volume: text('volumeName', row.volume || ''), containerPath: text('containerPath', row.containerPath || '') };
      },
    },
    env: {
      title: 'Environment',
      check: function (row, before) {
        var out = { key: text('envKey', row.key || '') };
        if (!out.key && before.some(function (b) { return b.key === row.key; })) out.key = 'environment variable ' + row.key + ' is given twice';
        return out;
      },
    },
  };

  /** The first problem of a row as one sentence, or undefined. */
  function firstProblem(problems) {
    for (var k in problems) if (problems[k]) return problems[k];
    return undefined;
  }

  /** Every row's problems, in order. */
  function checkRows(list, rows) {
    return rows.map(function (row, i) {
      return ROWS[list].check(row, rows.slice(0, i));
    });
  }

  // ---- Node-RED validators: a message string flags the node and names the field ----

  /** A typed target (container, image, tag, volume): a fixed text must follow core's rule; empty means msg.<t>. */
  function target(t, ruleName) {
    var typed = RED.validators.typedInput(t + 'Type');
    return function (v, opt) {
      var type = $('#node-input-' + t + 'Type').val() || this[t + 'Type'] || 'str';
      if (type !== 'str') return typed.call(this, v, opt);
      if (v === undefined || v === null || v === '') return true;
      return text(ruleName, v) || true;
    };
  }

  // Two parameters each: Node-RED then takes a returned text as the reason the node is flagged.
  function list(name) {
    return function (v, _opt) {
      // A spec from msg.payload leaves the form's rows unused.
      if (!Array.isArray(v) || this.specSource === 'msg') return true;
      var all = checkRows(name, v);
      for (var i = 0; i < all.length; i++) {
        var why = firstProblem(all[i]);
        if (why) return ROWS[name].title + ', row ' + (i + 1) + ': ' + why;
      }
      return true;
    };
  }

  function secondsValidator(label) {
    return function (v, _opt) {
      return seconds(label, v) || true;
    };
  }

  function networksValidator() {
    return function (v, _opt) {
      return this.specSource === 'msg' ? true : networks(v) || true;
    };
  }

  // ---- live marks while typing ----

  /** Show `message` under `input` (or clear it), and mark the input red like Node-RED does. */
  function mark(input, holder, message) {
    input.toggleClass('input-error', !!message);
    input.next('.red-ui-typedInput-container').toggleClass('input-error', !!message);
    var note = holder.children('.secureedge-field-error');
    if (!message) {
      note.remove();
      return;
    }
    if (!note.length) note = $('<div class="secureedge-field-error">').appendTo(holder);
    note.text(message);
  }

  /**
   * Check `#node-input-<id>` as the user types; `check(value)` returns a message or undefined. A
   * typedInput keeps its text in an inner input and copies it to the original on keyup and change
   * only, so the inner input's own 'input' event (typing, pasting, autofill) is watched too.
   */
  function markField(id, check) {
    var input = $('#node-input-' + id);
    var row = input.closest('.form-row');
    var typed = input.next('.red-ui-typedInput-container');
    function value() {
      return typed.length ? input.typedInput('value') : input.val();
    }
    function run() {
      mark(input, row, check(value()));
    }
    input.on('change input keyup', run);
    typed.on('input', 'input', run);
    run();
  }

  /** A typed target's live mark: only a fixed text is checked here (msg, flow, ... are read at run time). */
  function markTarget(t, ruleName) {
    markField(t, function (v) {
      var type = $('#node-input-' + t).typedInput('type') || 'str';
      return type === 'str' && v !== '' ? text(ruleName, v) : undefined;
    });
  }

  var api = {
    text: text,
    port: port,
    seconds: seconds,
    networks: networks,
    checkRows: checkRows,
    firstProblem: firstProblem,
    target: target,
    list: list,
    secondsValidator: secondsValidator,
    networksValidator: networksValidator,
    mark: mark,
    markField: markField,
    markTarget: markTarget,
  };
  window.SecureEdgeValidation = api;
  // The shared editor object (00-shared.js) exposes them too, for the parts of every node.
  if (window.SecureEdgeEditor) window.SecureEdgeEditor.validate = api;
})();
